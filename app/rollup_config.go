package app

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/l1"
)

// Rollup media names of app.toml.
const (
	MediumNameCalldata = "calldata"
	MediumNameBlobs    = "blobs"
)

// Bounds of the rollup settings.
const (
	maxOutputInterval = 1 << 20
	maxPostTimeout    = 3600
)

// RollupConfig is the [rollup] section: the L1 endpoint, the contract addresses and the batching
// parameters. Interval, codec and medium are consensus parameters: every validator must use the same.
type RollupConfig struct {
	// Enable runs the rollup duties (attest, post, propose).
	Enable bool `mapstructure:"enable"`
	// L1RPC is the L1 JSON-RPC endpoint; empty on a single-validator --dev home embeds a development L1.
	L1RPC string `mapstructure:"l1-rpc"`
	// L1KeyFile holds the hex L1 posting key; empty derives the development key from the BLS key.
	L1KeyFile string `mapstructure:"l1-key-file"`
	// Set, Inbox and Oracle are the contract addresses; empty means the development deployment's.
	Set    string `mapstructure:"set-address"`
	Inbox  string `mapstructure:"inbox-address"`
	Oracle string `mapstructure:"oracle-address"`
	// BatchInterval is the most L2 blocks per batch (a batch is cut earlier when full).
	BatchInterval uint64 `mapstructure:"batch-interval"`
	// OutputInterval is P: an output root every P L2 blocks.
	OutputInterval uint64 `mapstructure:"output-interval"`
	// Codec and Medium of batches.
	Codec  string `mapstructure:"codec"`
	Medium string `mapstructure:"medium"`
	// PostTimeout is the seconds a poster has before the next one takes over.
	PostTimeout int `mapstructure:"post-timeout"`
	// EmbeddedL1Port is where an embedded development L1 is served (when free);
	// 0 keeps it in-process only.
	EmbeddedL1Port int `mapstructure:"embedded-l1-port"`
}

// DefaultRollupConfig is the default [rollup] section.
func DefaultRollupConfig() RollupConfig {
	return RollupConfig{
		Enable: true, BatchInterval: 10, OutputInterval: 20, Codec: batch.DefaultCodec.String(),
		Medium: MediumNameCalldata, PostTimeout: 12, EmbeddedL1Port: l1.DefaultPort,
	}
}

// Validate checks the section.
func (r RollupConfig) Validate() error {
	if _, err := r.BatchParams(); err != nil {
		return fmt.Errorf("%w: rollup: %v", ErrInvalidConfig, err)
	}
	if r.OutputInterval == 0 || r.OutputInterval > maxOutputInterval || r.PostTimeout <= 0 || r.PostTimeout > maxPostTimeout {
		return fmt.Errorf("%w: rollup: output-interval %d, post-timeout %d", ErrInvalidConfig, r.OutputInterval, r.PostTimeout)
	}
	for _, a := range []string{r.Set, r.Inbox, r.Oracle} {
		if a != "" && !common.IsHexAddress(a) {
			return fmt.Errorf("%w: rollup: address %q", ErrInvalidConfig, a)
		}
	}
	return nil
}

// BatchParams are the batch parameters of the section.
func (r RollupConfig) BatchParams() (batch.Params, error) {
	codec, err := batch.ParseCodec(r.Codec)
	if err != nil {
		return batch.Params{}, err
	}
	p := batch.Params{Interval: r.BatchInterval, Codec: codec}
	switch r.Medium {
	case MediumNameCalldata:
		p.Medium = batch.MediumCalldata
	case MediumNameBlobs:
		p.Medium = batch.MediumBlobs
	default:
		return p, fmt.Errorf("medium %q is not %q or %q", r.Medium, MediumNameCalldata, MediumNameBlobs)
	}
	return p, p.Validate()
}

// FlagAliases maps command-line flags to the config keys they set.
func FlagAliases() map[string]string { return map[string]string{"l1.rpc": "rollup.l1-rpc"} }

func rollupSection(r RollupConfig) configSection {
	return configSection{Name: "rollup", Comment: "Rollup to L1: batch attestation and posting, output roots.", Entries: []configEntry{
		{"enable", "Attest, post batches and propose outputs.", r.Enable},
		{"l1-rpc", "L1 JSON-RPC URL (flag --l1.rpc); empty on a single-validator --dev home embeds a development L1.", r.L1RPC},
		{"l1-key-file", "File with the hex L1 posting key; empty derives the development key from config/bls_key.hex.", r.L1KeyFile},
		{"set-address", "SequencerSet address; empty means the development deployment's.", r.Set},
		{"inbox-address", "BatchInbox address; empty means the development deployment's.", r.Inbox},
		{"oracle-address", "OutputOracle address; empty means the development deployment's.", r.Oracle},
		{"batch-interval", "Most L2 blocks per batch; a batch is cut earlier when the next block would not fit (consensus parameter).", r.BatchInterval},
		{"output-interval", "An output root every this many L2 blocks.", r.OutputInterval},
		{"codec", "Batch codec: none, zlib, brotli or zstd (consensus parameter).", r.Codec},
		{"medium", "Batch medium: calldata or blobs (consensus parameter).", r.Medium},
		{"post-timeout", "Seconds a poster has before the next validator takes over.", r.PostTimeout},
		{"embedded-l1-port", "Port of the embedded development L1 (single-validator dev homes without l1-rpc); 0 keeps it in-process.", r.EmbeddedL1Port},
	}}
}
