package app

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/hyperion-rollup/hyperion/abci"
	"github.com/hyperion-rollup/hyperion/app/jsonrpc"
	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
)

// recordCacheSize is how many decoded blocks the RPC backend keeps.
const recordCacheSize = 512

// rpcBackend serves the JSON-RPC server from committed data only: the block
// index and IAVL versions up to the last saved version.
type rpcBackend struct {
	app     *abci.App
	store   *store.Store
	index   *store.Index
	chainID *big.Int
	records *lru.Cache[int64, *evm.BlockRecord]
	headers *lru.Cache[uint64, *types.Header] // rpcheaders.go
}

var (
	_ jsonrpc.Backend           = (*rpcBackend)(nil)
	_ jsonrpc.NextBaseFeeSource = (*rpcBackend)(nil)
)

func newRPCBackend(app *abci.App, st *store.Store, ix *store.Index, chainID uint64) *rpcBackend {
	cache, _ := lru.New[int64, *evm.BlockRecord](recordCacheSize)
	return &rpcBackend{app: app, store: st, index: ix, chainID: new(big.Int).SetUint64(chainID), records: cache,
		headers: newHeaderCache()}
}

// ChainID implements jsonrpc.Backend.
func (b *rpcBackend) ChainID() *big.Int { return new(big.Int).Set(b.chainID) }

// HeadNumber implements jsonrpc.Backend: the last height whose Commit completed.
func (b *rpcBackend) HeadNumber() uint64 { return uint64(b.app.VisibleHeight()) }

func (b *rpcBackend) record(n uint64) (*evm.BlockRecord, error) {
	if n > b.HeadNumber() {
		return nil, jsonrpc.ErrBlockNotFound
	}
	if rec, ok := b.records.Get(int64(n)); ok {
		return rec, nil
	}
	payload, err := b.index.Block(int64(n))
	if errors.Is(err, store.ErrNotFound) {
		return nil, jsonrpc.ErrBlockNotFound
	} else if err != nil {
		return nil, err
	}
	rec, err := evm.DecodeBlockRecord(payload)
	if err != nil {
		return nil, fmt.Errorf("decode block %d: %w", n, err)
	}
	b.records.Add(int64(n), rec)
	return rec, nil
}

// HeaderByNumber implements jsonrpc.Backend.
func (b *rpcBackend) HeaderByNumber(n uint64) (*types.Header, error) {
	return b.header(n)
}

// HeaderByHash implements jsonrpc.Backend.
func (b *rpcBackend) HeaderByHash(h common.Hash) (*types.Header, error) {
	n, err := b.index.HeightByHash(h)
	if errors.Is(err, store.ErrNotFound) {
		return nil, jsonrpc.ErrBlockNotFound
	} else if err != nil {
		return nil, err
	}
	return b.HeaderByNumber(uint64(n))
}

// BlockTxs implements jsonrpc.Backend.
func (b *rpcBackend) BlockTxs(n uint64) ([]*types.Transaction, error) {
	rec, err := b.record(n)
	if err != nil {
		return nil, err
	}
	return rec.Txs, nil
}

// BlockReceipts implements jsonrpc.Backend: the txs' receipts, then the
// block's system receipt.
func (b *rpcBackend) BlockReceipts(n uint64) ([]*types.Receipt, error) {
	rec, err := b.record(n)
	if err != nil {
		return nil, err
	}
	out := append([]*types.Receipt{}, rec.Receipts...)
	if rec.SystemReceipt != nil {
		out = append(out, rec.SystemReceipt)
	}
	return out, nil
}

// TxLocation implements jsonrpc.Backend.
func (b *rpcBackend) TxLocation(h common.Hash) (uint64, int, error) {
	height, idx, err := b.index.TxLocation(h)
	if errors.Is(err, store.ErrNotFound) || (err == nil && uint64(height) > b.HeadNumber()) {
		return 0, 0, jsonrpc.ErrTxNotFound
	}
	if err != nil {
		return 0, 0, err
	}
	return uint64(height), idx, nil
}

// StateAt implements jsonrpc.Backend. The genesis state (block 0) is not a
// saved IAVL version: the first version is height 1.
func (b *rpcBackend) StateAt(n uint64) (jsonrpc.StateView, error) {
	if n == 0 || n > b.HeadNumber() {
		return nil, jsonrpc.ErrStatePruned
	}
	r, err := b.store.At(int64(n))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", jsonrpc.ErrStatePruned, err)
	}
	return stateView{r: r}, nil
}

// SendTx implements jsonrpc.Backend.
func (b *rpcBackend) SendTx(tx *types.Transaction) error { return b.app.SendTx(tx) }

// PendingNonce implements jsonrpc.Backend.
func (b *rpcBackend) PendingNonce(a common.Address) uint64 { return b.app.PendingNonce(a) }

// NextBaseFee implements jsonrpc.NextBaseFeeSource.
// The header and the base-fee settings come from the same committed height:
// the app's published parameter snapshot.
func (b *rpcBackend) NextBaseFee() (*big.Int, error) {
	view, ok := b.app.ChainParams()
	if !ok {
		return nil, jsonrpc.ErrBlockNotFound
	}
	head, err := b.HeaderByNumber(uint64(view.Height))
	if err != nil {
		return nil, err
	}
	return evm.NextBaseFeeWith(head, view.Params.BaseFee()), nil
}

// stateView reads one IAVL version through the EVM's key layout.
type stateView struct{ r store.Reader }

func (s stateView) Balance(a common.Address) (*big.Int, error) {
	bal, err := evm.Balance(s.r, a)
	if err != nil {
		return nil, err
	}
	return bal.ToBig(), nil
}

func (s stateView) Nonce(a common.Address) (uint64, error) { return evm.Nonce(s.r, a) }
func (s stateView) Code(a common.Address) ([]byte, error)  { return evm.Code(s.r, a) }
func (s stateView) Storage(a common.Address, k common.Hash) (common.Hash, error) {
	return evm.Storage(s.r, a, k)
}
