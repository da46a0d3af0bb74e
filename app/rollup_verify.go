package app

import (
	"context"

	"github.com/hyperion-rollup/hyperion/rollup/verifier"
)

// VerifyHome derives the chain of home's genesis and [rollup] contracts from L1 and re-executes it with
// the node's own application on a fresh store under workDir; blobs may be nil (calldata batches only).
func VerifyHome(ctx context.Context, cfg Config, l1 verifier.L1, workDir string, blobs verifier.BlobSource) (*verifier.Report, error) {
	addrs, err := RollupAddresses(cfg.Rollup)
	if err != nil {
		return nil, err
	}
	params, err := cfg.Rollup.BatchParams()
	if err != nil {
		return nil, err
	}
	replay, err := NewReplayer(cfg, workDir)
	if err != nil {
		return nil, err
	}
	defer replay.Close()
	return verifier.Verify(ctx, l1, verifier.Config{Inbox: addrs.Inbox, Oracle: addrs.Oracle, Params: params, Blobs: blobs}, replay)
}
