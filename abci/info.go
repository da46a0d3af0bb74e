package abci

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// AppVersion is the application protocol version reported to CometBFT.
const AppVersion = 1

// Info runs when CometBFT connects (at start, for the handshake): it reports
// the last committed height and app hash so CometBFT replays what is missing.
func (a *App) Info(_ context.Context, _ *abcitypes.RequestInfo) (*abcitypes.ResponseInfo, error) {
	res := &abcitypes.ResponseInfo{Data: "hyperion", AppVersion: AppVersion}
	if v := a.store.LastVersion(); v > 0 {
		res.LastBlockHeight = v
		res.LastBlockAppHash = a.store.LastHash()
	}
	return res, nil
}

// Query runs for CometBFT RPC abci_query calls. Hyperion serves its state over
// Ethereum JSON-RPC, so only the "/height" path is answered here.
func (a *App) Query(_ context.Context, req *abcitypes.RequestQuery) (*abcitypes.ResponseQuery, error) {
	if req.Path == "/height" {
		return &abcitypes.ResponseQuery{Height: a.store.LastVersion()}, nil
	}
	return &abcitypes.ResponseQuery{Code: 1, Log: fmt.Sprintf("unknown query path %q: use the Ethereum JSON-RPC", req.Path)}, nil
}

// InitChain runs once, before the first block (and again after a crash that
// happened before height 1 was committed): it writes the genesis state into
// the working tree and returns its root as the genesis app hash.
func (a *App) InitChain(_ context.Context, req *abcitypes.RequestInitChain) (*abcitypes.ResponseInitChain, error) {
	if req.InitialHeight > 1 {
		return nil, fmt.Errorf("initial height %d: hyperion keeps version = height and starts at 1", req.InitialHeight)
	}
	gen, err := system.ParseGenesisState(req.AppStateBytes)
	if err != nil {
		return nil, err
	}
	params, err := genesisParams(gen, req)
	if err != nil {
		return nil, err
	}
	valset, err := validatorSetFromUpdates(req.Validators)
	if err != nil {
		return nil, err
	}
	changes, err := genesisChanges(gen, params, valset, req.ChainId)
	if err != nil {
		return nil, err
	}
	modChanges, err := a.moduleGenesis(req.AppStateBytes, valset)
	if err != nil {
		return nil, err
	}
	changes = append(changes, modChanges...)
	a.store.Rollback()
	root, err := a.store.Apply(changes)
	if err != nil {
		return nil, fmt.Errorf("apply genesis: %w", err)
	}
	a.setChain(req.ChainId, params, system.NewSetSchedule(valset), genesisHeader(params, common.BytesToHash(root)))
	a.chain.genesisPending = true
	a.chain.genesisOverlay = overlayOf(changes)
	a.pool.Reset(a.poolState(), a.poolHead(), nil)
	res := &abcitypes.ResponseInitChain{AppHash: root}
	if cp := req.ConsensusParams; cp != nil && cp.Block != nil && cp.Block.MaxGas != int64(params.BlockGasLimit) {
		cp.Block.MaxGas = int64(params.BlockGasLimit) // mirror the gas limit parameter
		res.ConsensusParams = cp
	}
	return res, nil
}

func genesisParams(gen system.GenesisState, req *abcitypes.RequestInitChain) (system.Params, error) {
	fee, _ := new(big.Int).SetString(gen.InitialBaseFee, 10)
	p := system.Params{
		EVMChainID:     gen.ChainID,
		BlockGasLimit:  gen.BlockGasLimit,
		InitialBaseFee: fee,
		GenesisTime:    uint64(req.Time.Unix()),
	}
	if cp := req.ConsensusParams; cp != nil && cp.Abci != nil {
		p.VoteExtensionsEnableHeight = cp.Abci.VoteExtensionsEnableHeight
	}
	if cp := req.ConsensusParams; cp != nil && cp.Block != nil {
		p.BlockMaxBytes = cp.Block.MaxBytes
	}
	if p.VoteExtensionsEnableHeight != 1 {
		return p, fmt.Errorf("genesis: abci.vote_extensions_enable_height must be 1, got %d", p.VoteExtensionsEnableHeight)
	}
	return p, nil
}

func validatorSetFromUpdates(updates []abcitypes.ValidatorUpdate) (system.ValidatorSet, error) {
	vals := make([]system.Validator, 0, len(updates))
	for _, u := range updates {
		pk := u.PubKey.GetEd25519()
		if len(pk) != ed25519.PubKeySize {
			return system.ValidatorSet{}, errors.New("genesis: only ed25519 validator keys are supported")
		}
		vals = append(vals, system.Validator{Address: ed25519.PubKey(pk).Address(), PubKey: pk, Power: u.Power})
	}
	return system.NewValidatorSet(vals)
}

func genesisChanges(gen system.GenesisState, p system.Params, vs system.ValidatorSet, chainID string) ([]store.Change, error) {
	alloc := make([]evm.GenesisAlloc, 0, len(gen.Alloc))
	for addr, acc := range gen.Alloc {
		bal, ok := new(big.Int).SetString(acc.Balance, 10)
		if !ok || bal.Sign() < 0 || bal.BitLen() > 256 {
			return nil, fmt.Errorf("genesis: bad balance for %s", addr)
		}
		code, err := hexutil.Decode(orEmptyHex(acc.Code))
		if err != nil {
			return nil, fmt.Errorf("genesis: code of %s: %w", addr, err)
		}
		alloc = append(alloc, evm.GenesisAlloc{
			Address: addr, Balance: uint256.MustFromBig(bal), Nonce: acc.Nonce, Code: code, Storage: acc.Storage,
		})
	}
	changes := evm.GenesisChanges(alloc) // sorts by address itself
	changes = append(changes,
		store.Change{Key: system.ParamsKey, Value: p.Encode()},
		store.Change{Key: system.ValidatorSetKey, Value: system.NewSetSchedule(vs).Encode()},
		store.Change{Key: system.CometChainIDKey, Value: []byte(chainID)},
	)
	return changes, nil
}

func orEmptyHex(s string) string {
	if s == "" {
		return "0x"
	}
	return s
}
