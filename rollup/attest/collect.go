package attest

import (
	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// RecordedAt is the L2 block whose commit-info tx records the signatures of the batch ending at last.
func RecordedAt(last uint64) uint64 { return last + SignDelay + 1 }

// Collect returns the batch signatures for batch index recorded in block height's commit-info tx (the
// first tx of the block). Extensions that do not decode are skipped.
func Collect(reader batch.BlockReader, height uint64, index uint64) ([]*htypes.BatchSignature, error) {
	req, err := reader.FinalizeInputs(int64(height))
	if err != nil {
		return nil, err
	}
	if len(req.Txs) == 0 {
		return nil, nil
	}
	var tx htypes.Tx
	if err := tx.Unmarshal(req.Txs[0]); err != nil {
		return nil, nil
	}
	ci := tx.GetSystem().GetCommitInfo()
	if ci == nil {
		return nil, nil
	}
	var out []*htypes.BatchSignature
	for _, v := range ci.Votes {
		ve, err := system.DecodeVoteExtension(v.VoteExtension)
		if err != nil || ve.BatchSignature == nil || ve.BatchSignature.BatchIndex != index {
			continue
		}
		out = append(out, ve.BatchSignature)
	}
	return out, nil
}
