package jsonrpc

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

// testChainID is the chain id of the in-memory test chain.
var testChainID = big.NewInt(424242)

// feeVault is the header's miner, as the design fixes it.
var feeVault = common.HexToAddress("0x0000000000000000000000000000000000000802")

// account is the state of one account in the in-memory chain.
type account struct {
	balance *big.Int
	nonce   uint64
	code    []byte
	storage map[common.Hash]common.Hash
}

// memState is a StateView over a map of accounts.
type memState map[common.Address]*account

func (s memState) get(a common.Address) *account {
	if acc, ok := s[a]; ok {
		return acc
	}
	return &account{balance: new(big.Int)}
}

func (s memState) Balance(a common.Address) (*big.Int, error) { return s.get(a).balance, nil }
func (s memState) Nonce(a common.Address) (uint64, error)     { return s.get(a).nonce, nil }
func (s memState) Code(a common.Address) ([]byte, error)      { return s.get(a).code, nil }
func (s memState) Storage(a common.Address, k common.Hash) (common.Hash, error) {
	return s.get(a).storage[k], nil
}

// memBlock is one committed (or only indexed) block of the in-memory chain.
type memBlock struct {
	header   *types.Header
	txs      []*types.Transaction
	receipts []*types.Receipt
	state    memState
}

// memBackend is an in-memory Backend: a few blocks built with real signed transactions,
// derived roots and receipts, a pool of pending transactions and a pruning floor.
type memBackend struct {
	mu          sync.Mutex
	blocks      []*memBlock // by height; blocks above head are indexed, not committed
	head        uint64
	prunedBelow uint64
	pool        map[common.Address]uint64 // pending nonce by sender
	sent        []*types.Transaction
	calls       []*CallRequest // what Call and EstimateGas received
}

func (b *memBackend) ChainID() *big.Int { return new(big.Int).Set(testChainID) }

func (b *memBackend) HeadNumber() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.head
}

func (b *memBackend) block(n uint64) (*memBlock, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n >= uint64(len(b.blocks)) {
		return nil, ErrBlockNotFound
	}
	return b.blocks[n], nil
}

func (b *memBackend) HeaderByNumber(n uint64) (*types.Header, error) {
	blk, err := b.block(n)
	if err != nil {
		return nil, err
	}
	return types.CopyHeader(blk.header), nil
}

func (b *memBackend) HeaderByHash(h common.Hash) (*types.Header, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, blk := range b.blocks {
		if blk.header.Hash() == h {
			return types.CopyHeader(blk.header), nil
		}
	}
	return nil, ErrBlockNotFound
}

func (b *memBackend) BlockTxs(n uint64) ([]*types.Transaction, error) {
	blk, err := b.block(n)
	if err != nil {
		return nil, err
	}
	return blk.txs, nil
}

func (b *memBackend) BlockReceipts(n uint64) ([]*types.Receipt, error) {
	blk, err := b.block(n)
	if err != nil {
		return nil, err
	}
	return blk.receipts, nil
}

func (b *memBackend) TxLocation(h common.Hash) (uint64, int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for n, blk := range b.blocks {
		for i, r := range blk.receipts {
			if r.TxHash == h {
				return uint64(n), i, nil
			}
		}
	}
	return 0, 0, ErrTxNotFound
}

// setPrunedBelow drops the state of heights below n.
func (b *memBackend) setPrunedBelow(n uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.prunedBelow = n
}

func (b *memBackend) StateAt(n uint64) (StateView, error) {
	b.mu.Lock()
	pruned := n < b.prunedBelow
	b.mu.Unlock()
	if pruned {
		return nil, ErrStatePruned
	}
	blk, err := b.block(n)
	if err != nil {
		return nil, err
	}
	return blk.state, nil
}

// SendTx checks the nonce and balance against the head state plus the pool, with the
// wording of go-ethereum's txpool, and adds the tx to the pool.
func (b *memBackend) SendTx(tx *types.Transaction) error {
	from, err := types.Sender(types.LatestSignerForChainID(testChainID), tx)
	if err != nil {
		return fmt.Errorf("invalid sender: %w", err)
	}
	next := b.PendingNonce(from)
	b.mu.Lock()
	defer b.mu.Unlock()
	if tx.Nonce() < next {
		return fmt.Errorf("%w: next nonce %v, tx nonce %v", core.ErrNonceTooLow, next, tx.Nonce())
	}
	balance := b.blocks[b.head].state.get(from).balance
	if balance.Cmp(tx.Cost()) < 0 {
		return fmt.Errorf("%w: balance %v, tx cost %v", core.ErrInsufficientFunds, balance, tx.Cost())
	}
	b.pool[from] = tx.Nonce() + 1
	b.sent = append(b.sent, tx)
	return nil
}

// sentTxs returns the transactions SendTx accepted.
func (b *memBackend) sentTxs() []*types.Transaction {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]*types.Transaction(nil), b.sent...)
}

func (b *memBackend) PendingNonce(a common.Address) uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n, ok := b.pool[a]; ok {
		return n
	}
	return b.blocks[b.head].state.get(a).nonce
}

// testKeys are the funded accounts of the test chain.
var testKeys = []*ecdsa.PrivateKey{
	mustKey("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291"),
	mustKey("8a1f9a8f95be41cd7ccb6168179afb4504aefe388d1e14474d32c45c72ce7b7a"),
}

func mustKey(hexKey string) *ecdsa.PrivateKey {
	key, err := crypto.HexToECDSA(hexKey)
	if err != nil {
		panic(err)
	}
	return key
}

// contractAddr holds code and one storage slot in the test chain.
var contractAddr = common.HexToAddress("0x00000000000000000000000000000000c0ffee00")

// systemTxHash is the synthetic system receipt hash of block n, as the design defines it.
func systemTxHash(n uint64) common.Hash {
	return crypto.Keccak256Hash([]byte("hyperion-system"), new(big.Int).SetUint64(n).Bytes())
}

// newMemBackend builds blocks 0 (genesis), 1 (four txs of four types plus a system
// receipt), 2 (empty) committed, and 3 (one tx) indexed but not committed.
func newMemBackend(t testing.TB) *memBackend {
	t.Helper()
	b := &memBackend{head: 2, prunedBelow: 0, pool: map[common.Address]uint64{}}
	genesis := genesisState()
	b.appendBlock(t, nil, genesis, false)
	state1 := copyState(genesis)
	b.appendBlock(t, block1Txs(t), state1, true)
	b.appendBlock(t, nil, copyState(state1), false)
	b.appendBlock(t, []*types.Transaction{signTx(t, testKeys[1], &types.DynamicFeeTx{
		Nonce: 0, GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(10 * params.GWei),
		Gas: 21000, To: &common.Address{7}, Value: big.NewInt(1)})}, copyState(state1), false)
	return b
}

func genesisState() memState {
	ether := new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))
	s := memState{contractAddr: {balance: new(big.Int), code: []byte{0x60, 0x00, 0x60, 0x00, 0xf3},
		storage: map[common.Hash]common.Hash{{31: 1}: common.HexToHash("0x2a")}}}
	for _, key := range testKeys {
		s[crypto.PubkeyToAddress(key.PublicKey)] = &account{balance: new(big.Int).Set(ether)}
	}
	return s
}

func copyState(s memState) memState {
	out := make(memState, len(s))
	for addr, acc := range s {
		c := *acc
		c.balance = new(big.Int).Set(acc.balance)
		out[addr] = &c
	}
	return out
}

func signTx(t testing.TB, key *ecdsa.PrivateKey, inner types.TxData) *types.Transaction {
	t.Helper()
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(testChainID), inner)
	require.NoError(t, err)
	return tx
}

// block1Txs are a legacy EIP-155 transfer, an access-list call, a dynamic-fee contract
// creation and a set-code transaction, all from testKeys[0].
func block1Txs(t testing.TB) []*types.Transaction {
	gwei := big.NewInt(params.GWei)
	to := common.Address{0x99}
	auth, err := types.SignSetCode(testKeys[1], types.SetCodeAuthorization{
		ChainID: *uint256FromBig(testChainID), Address: contractAddr, Nonce: 0})
	require.NoError(t, err)
	return []*types.Transaction{
		signTx(t, testKeys[0], &types.LegacyTx{Nonce: 0, GasPrice: big.NewInt(3 * params.GWei),
			Gas: 21000, To: &to, Value: big.NewInt(5)}),
		signTx(t, testKeys[0], &types.AccessListTx{ChainID: testChainID, Nonce: 1, GasPrice: big.NewInt(2 * params.GWei),
			Gas: 50000, To: &contractAddr, AccessList: types.AccessList{{Address: contractAddr, StorageKeys: []common.Hash{{31: 1}}}}}),
		signTx(t, testKeys[0], &types.DynamicFeeTx{ChainID: testChainID, Nonce: 2, GasTipCap: gwei,
			GasFeeCap: big.NewInt(5 * params.GWei), Gas: 100000, Data: []byte{0x60, 0x00}}),
		signTx(t, testKeys[0], &types.SetCodeTx{ChainID: uint256FromBig(testChainID), Nonce: 3,
			GasTipCap: uint256FromBig(gwei), GasFeeCap: uint256FromBig(big.NewInt(4 * params.GWei)), Gas: 60000,
			To: to, AuthList: []types.SetCodeAuthorization{auth}}),
	}
}

func uint256FromBig(b *big.Int) *uint256.Int { return uint256.MustFromBig(b) }

// testBaseFee is the base fee of every test block.
var testBaseFee = big.NewInt(params.GWei)

// appendBlock executes txs trivially (nonces advance, gas used = gas limit), derives the
// receipts, roots and bloom, and appends the block; withSystem adds a system receipt.
func (b *memBackend) appendBlock(t testing.TB, txs []*types.Transaction, state memState, withSystem bool) {
	t.Helper()
	number := uint64(len(b.blocks))
	receipts := make([]*types.Receipt, 0, len(txs)+1)
	var cumulative uint64
	for i, tx := range txs {
		from, err := types.Sender(types.LatestSignerForChainID(testChainID), tx)
		require.NoError(t, err)
		acc := state.get(from)
		acc.nonce = tx.Nonce() + 1
		state[from] = acc
		cumulative += tx.Gas()
		receipts = append(receipts, txReceipt(tx, from, i, cumulative))
	}
	header := &types.Header{
		UncleHash: types.EmptyUncleHash, Coinbase: feeVault, Root: common.Hash{0xaa, byte(number)},
		TxHash:      types.DeriveSha(types.Transactions(txs), trie.NewStackTrie(nil)),
		ReceiptHash: types.DeriveSha(types.Receipts(receipts), trie.NewStackTrie(nil)),
		Difficulty:  new(big.Int), Number: new(big.Int).SetUint64(number), GasLimit: 30_000_000,
		GasUsed: cumulative, Time: 1_700_000_000 + number, Extra: []byte("hyperion"),
		BaseFee: new(big.Int).Set(testBaseFee), WithdrawalsHash: &types.EmptyWithdrawalsHash,
		BlobGasUsed: new(uint64), ExcessBlobGas: new(uint64), ParentBeaconRoot: &common.Hash{},
		RequestsHash: &types.EmptyRequestsHash,
	}
	if number > 0 {
		header.ParentHash = b.blocks[number-1].header.Hash()
	}
	if withSystem {
		receipts = append(receipts, systemReceipt(number, cumulative))
	}
	header.Bloom = types.MergeBloom(receipts)
	deriveReceiptFields(receipts, header)
	b.blocks = append(b.blocks, &memBlock{header: header, txs: txs, receipts: receipts, state: state})
}

func txReceipt(tx *types.Transaction, from common.Address, index int, cumulative uint64) *types.Receipt {
	tip, _ := tx.EffectiveGasTip(testBaseFee)
	r := &types.Receipt{Type: tx.Type(), Status: types.ReceiptStatusSuccessful, CumulativeGasUsed: cumulative,
		TxHash: tx.Hash(), GasUsed: tx.Gas(), EffectiveGasPrice: new(big.Int).Add(tip, testBaseFee)}
	if tx.To() == nil {
		r.ContractAddress = crypto.CreateAddress(from, tx.Nonce())
	}
	if index == 1 {
		r.Logs = []*types.Log{{Address: contractAddr, Topics: []common.Hash{{0x01}, {0x02}}, Data: []byte{1, 2, 3}}}
	}
	r.Bloom = types.CreateBloom(r)
	return r
}

func systemReceipt(number, cumulative uint64) *types.Receipt {
	r := &types.Receipt{Type: types.LegacyTxType, Status: types.ReceiptStatusSuccessful,
		CumulativeGasUsed: cumulative, TxHash: systemTxHash(number),
		Logs: []*types.Log{{Address: common.HexToAddress("0x0800"), Topics: []common.Hash{{0x5e}}}}}
	r.Bloom = types.CreateBloom(r)
	return r
}

// deriveReceiptFields fills the location fields of receipts and their logs (block-wide log index).
func deriveReceiptFields(receipts []*types.Receipt, header *types.Header) {
	logIndex := uint(0)
	for i, r := range receipts {
		r.BlockHash, r.BlockNumber, r.TransactionIndex = header.Hash(), header.Number, uint(i)
		for _, l := range r.Logs {
			l.BlockNumber, l.BlockHash, l.BlockTimestamp = header.Number.Uint64(), header.Hash(), header.Time
			l.TxHash, l.TxIndex, l.Index = r.TxHash, uint(i), logIndex
			logIndex++
		}
	}
}

// PoolTx returns a transaction SendTx accepted.
func (b *memBackend) PoolTx(h common.Hash) *types.Transaction {
	for _, tx := range b.sentTxs() {
		if tx.Hash() == h {
			return tx
		}
	}
	return nil
}

// Call runs the message with the real EVM (x/evm) over the block's in-memory state.
func (b *memBackend) Call(ctx context.Context, req *CallRequest) (*evm.CallResult, error) {
	env, err := b.callEnv(req)
	if err != nil {
		return nil, err
	}
	return evm.Call(ctx, env, req.Msg)
}

// EstimateGas estimates with the real EVM (x/evm) over the block's in-memory state.
func (b *memBackend) EstimateGas(ctx context.Context, req *CallRequest) (uint64, []byte, error) {
	env, err := b.callEnv(req)
	if err != nil {
		return 0, nil, err
	}
	return evm.EstimateGas(ctx, env, req.Msg)
}

// callEnv records req and builds the EVM environment of its block.
func (b *memBackend) callEnv(req *CallRequest) (evm.CallEnv, error) {
	b.mu.Lock()
	b.calls = append(b.calls, req)
	b.mu.Unlock()
	state, err := b.StateAt(req.Block)
	if err != nil {
		return evm.CallEnv{}, err
	}
	head, err := b.HeaderByNumber(req.Block)
	if err != nil {
		return evm.CallEnv{}, err
	}
	return evm.CallEnv{
		Config: evm.ChainConfig(testChainID.Uint64()), State: state.(memState).reader(),
		Block: evm.BlockContext{Number: head.Number.Uint64(), Time: head.Time, GasLimit: head.GasLimit,
			BaseFee: head.BaseFee, PrevRandao: head.MixDigest},
		Overrides: req.Overrides, BlockOverrides: req.BlockOverrides,
	}, nil
}

// callRequests returns the requests Call and EstimateGas received.
func (b *memBackend) callRequests() []*CallRequest {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]*CallRequest(nil), b.calls...)
}

// kvReader is a store.Reader over a map.
type kvReader map[string][]byte

func (r kvReader) Get(key []byte) ([]byte, error) { return r[string(key)], nil }

// reader writes the accounts into the EVM's state layout.
func (s memState) reader() kvReader {
	alloc := make([]evm.GenesisAlloc, 0, len(s))
	for addr, acc := range s {
		alloc = append(alloc, evm.GenesisAlloc{Address: addr, Balance: uint256.MustFromBig(acc.balance),
			Nonce: acc.nonce, Code: acc.code, Storage: acc.storage})
	}
	out := kvReader{}
	for _, c := range evm.GenesisChanges(alloc) {
		out[string(c.Key)] = c.Value
	}
	return out
}
