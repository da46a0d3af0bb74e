package abci

import (
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// recentHashWindow is how many block hashes BLOCKHASH can see (EIP-2935 keeps
// more in state; the opcode itself is limited to 256).
const recentHashWindow = 256

// loadChainState restores the in-memory chain state of a node that has
// committed at least one height, and drops index entries above the IAVL
// version (a crash between the index write and SaveVersion leaves them).
func (a *App) loadChainState() error {
	version := a.store.LastVersion()
	if err := a.index.TruncateAbove(version); err != nil {
		return fmt.Errorf("truncate block index above %d: %w", version, err)
	}
	if version == 0 {
		return nil // InitChain comes next
	}
	params, sets, chainID, err := readSystemState(a.store)
	if err != nil {
		return err
	}
	rec, err := a.blockRecord(version)
	if err != nil {
		return fmt.Errorf("load block %d from the index: %w", version, err)
	}
	a.setChain(chainID, params, sets, rec.Header)
	return nil
}

func readSystemState(r store.Reader) (system.Params, system.SetSchedule, string, error) {
	var (
		params system.Params
		valset system.SetSchedule
	)
	bz, err := r.Get(system.ParamsKey)
	if err == nil {
		params, err = system.DecodeParams(bz)
	}
	if err != nil {
		return params, valset, "", fmt.Errorf("read params: %w", err)
	}
	if bz, err = r.Get(system.ValidatorSetKey); err == nil {
		valset, err = system.DecodeSetSchedule(bz)
	}
	if err != nil {
		return params, valset, "", fmt.Errorf("read validator set: %w", err)
	}
	chainID, err := r.Get(system.CometChainIDKey)
	if err != nil {
		return params, valset, "", fmt.Errorf("read chain id: %w", err)
	}
	return params, valset, string(chainID), nil
}

func (a *App) setChain(chainID string, p system.Params, sets system.SetSchedule, last *types.Header) {
	a.chain = chainState{
		chainID:     chainID,
		evmConfig:   evm.ChainConfig(p.EVMChainID),
		params:      p,
		sets:        sets,
		lastHeader:  last,
		recentHash:  map[uint64]common.Hash{last.Number.Uint64(): last.Hash()},
		initialized: true,
	}
	a.envelopes.chainID.Store(p.EVMChainID) // SendEnvelope's snapshot (lane_encrypted.go)
	a.publishParams(last.Number.Int64())
}

// blockRecord reads and decodes one height of the Ethereum block index.
func (a *App) blockRecord(height int64) (*evm.BlockRecord, error) {
	payload, err := a.index.Block(height)
	if err != nil {
		return nil, err
	}
	return evm.DecodeBlockRecord(payload)
}

// genesisHeader is the Ethereum view of the genesis state: block 0.
func genesisHeader(p system.Params, root common.Hash) *types.Header {
	bctx := evm.BlockContext{
		Number:   0,
		Time:     p.GenesisTime,
		GasLimit: p.BlockGasLimit,
		BaseFee:  new(big.Int).Set(p.InitialBaseFee),
	}
	return evm.MakeHeader(bctx, &evm.BlockResult{}, root)
}

// blockContext is the EVM context of the block at height built on the last
// committed header.
func (a *App) blockContext(height int64, t time.Time) evm.BlockContext {
	parent := a.chain.lastHeader
	ts := uint64(t.Unix())
	if ts < parent.Time {
		ts = parent.Time // CometBFT time is monotonic; guard against a skewed genesis time
	}
	parentHash := parent.Hash()
	return evm.BlockContext{
		Number:     uint64(height),
		Time:       ts,
		GasLimit:   a.chain.params.BlockGasLimit,
		ParentHash: parentHash,
		BaseFee:    evm.NextBaseFeeWith(parent, a.chain.params.BaseFee()),
		PrevRandao: prevRandao(parentHash),
		// Precompiles: the registry snapshot changes only with governance.
		Precompiles: a.precompiles,
	}
}

// prevRandao is the PREVRANDAO value of a block: derived from the parent hash,
// so it is deterministic but not unpredictable (contracts must not use it as
// a randomness source; the threshold mempool will provide one later).
func prevRandao(parent common.Hash) common.Hash {
	return crypto.Keccak256Hash([]byte("hyperion-prevrandao"), parent.Bytes())
}

// hashAt returns the Ethereum hash of block n for the BLOCKHASH opcode.
func (a *App) hashAt(n uint64) common.Hash {
	if h, ok := a.chain.recentHash[n]; ok {
		return h
	}
	rec, err := a.blockRecord(int64(n))
	if err != nil {
		return common.Hash{}
	}
	h := rec.Header.Hash()
	a.chain.recentHash[n] = h
	return h
}

func (a *App) rememberHash(n uint64, h common.Hash) {
	a.chain.recentHash[n] = h
	if n >= recentHashWindow {
		delete(a.chain.recentHash, n-recentHashWindow)
	}
}
