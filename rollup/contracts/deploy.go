package contracts

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
)

// DeployConfig parameterizes a deployment of the three rollup contracts.
type DeployConfig struct {
	// GenesisKeys and GenesisProofs are the genesis set (ConcatKeys of SortKeys) and its proofs of possession.
	GenesisKeys, GenesisProofs []byte
	// GenesisL2Block is the L2 block the batch chain starts after.
	GenesisL2Block uint64
	// Challenger may invalidate outputs (the dispute game).
	Challenger common.Address
	// OutputBond is the bond of each output, in wei.
	OutputBond *big.Int
	// ChallengeWindow is the seconds after which an output is final.
	ChallengeWindow uint64
}

// DefaultChallengeWindow is seven days, in seconds.
const DefaultChallengeWindow = 7 * 24 * 60 * 60

// Deployment holds the addresses of a deployment and the transactions that created them.
type Deployment struct {
	SequencerSet, BatchInbox, OutputOracle common.Address
	Txs                                    []*types.Transaction
}

// Deploy sends the three creation transactions (SequencerSet, BatchInbox, OutputOracle) from opts with
// consecutive nonces (from opts.Nonce, or the sender's pending nonce). It does not wait for them to be mined.
func Deploy(opts *bind.TransactOpts, backend bind.ContractBackend, cfg DeployConfig) (*Deployment, error) {
	o := *opts
	if o.Nonce == nil {
		nonce, err := backend.PendingNonceAt(ensureContext(o.Context), o.From)
		if err != nil {
			return nil, fmt.Errorf("deploy: pending nonce: %w", err)
		}
		o.Nonce = new(big.Int).SetUint64(nonce)
	}
	opts = &o
	d := new(Deployment)
	var err error
	d.SequencerSet, err = deployOne(opts, backend, d, SequencerSetMetaData.Bin,
		NewSequencerSet().PackConstructor(cfg.GenesisKeys, cfg.GenesisProofs))
	if err != nil {
		return nil, fmt.Errorf("deploy SequencerSet: %w", err)
	}
	d.BatchInbox, err = deployOne(opts, backend, d, BatchInboxMetaData.Bin,
		NewBatchInbox().PackConstructor(d.SequencerSet, cfg.GenesisL2Block))
	if err != nil {
		return nil, fmt.Errorf("deploy BatchInbox: %w", err)
	}
	d.OutputOracle, err = deployOne(opts, backend, d, OutputOracleMetaData.Bin,
		NewOutputOracle().PackConstructor(d.BatchInbox, cfg.Challenger, cfg.OutputBond, cfg.ChallengeWindow))
	if err != nil {
		return nil, fmt.Errorf("deploy OutputOracle: %w", err)
	}
	return d, nil
}

func deployOne(opts *bind.TransactOpts, backend bind.ContractBackend, d *Deployment, bin string, args []byte) (common.Address, error) {
	code, err := hexutil.Decode(bin)
	if err != nil {
		return common.Address{}, err
	}
	addr, tx, err := bind.DeployContract(opts, code, backend, args)
	if err != nil {
		return common.Address{}, err
	}
	d.Txs = append(d.Txs, tx)
	opts.Nonce = new(big.Int).Add(opts.Nonce, common.Big1)
	return addr, nil
}

func ensureContext(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}
