package evm

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/store"
)

const (
	benchAccounts = 10_000
	benchBlockTxs = 1_000
	benchGasLimit = 500_000_000
)

var (
	erc20Address  = common.HexToAddress("0x00000000000000000000000000000000000e2c20")
	transferTopic = crypto.Keccak256Hash([]byte("Transfer(address,address,uint256)"))
)

// erc20Code is a minimal ERC-20 transfer(address,uint256): the balance of an
// address lives in the slot equal to the address; it reverts on insufficient
// balance and emits Transfer(from, to, amount).
func erc20Code() []byte {
	code := []byte{
		0x33, 0x54, // CALLER SLOAD                  [bf]
		0x60, 0x24, 0x35, // PUSH1 36 CALLDATALOAD   [amt bf]
		0x81, 0x81, 0x11, // DUP2 DUP2 GT            [amt>bf amt bf]
		0x60, 0x00, 0x57, // PUSH1 fail JUMPI        [amt bf]   (patched)
		0x80, 0x82, 0x03, // DUP1 DUP3 SUB           [bf-amt amt bf]
		0x33, 0x55, // CALLER SSTORE                 [amt bf]
		0x60, 0x04, 0x35, // PUSH1 4 CALLDATALOAD    [to amt bf]
		0x80, 0x54, 0x82, 0x01, // DUP1 SLOAD DUP3 ADD [bt+amt to amt bf]
		0x90, 0x55, // SWAP1 SSTORE                  [amt bf]
		0x60, 0x00, 0x52, // PUSH1 0 MSTORE          [bf]
		0x60, 0x04, 0x35, 0x33, // to from
		0x7f, // PUSH32 topic
	}
	code = append(code, transferTopic[:]...)
	code = append(code, 0x60, 0x20, 0x60, 0x00, 0xa3, 0x00) // LOG3 STOP
	code[9] = byte(len(code))
	return append(code, 0x5b, 0x60, 0x00, 0x80, 0xfd) // fail: JUMPDEST REVERT(0,0)
}

func transferCall(to common.Address, amount uint64) []byte {
	data := make([]byte, 4+64)
	copy(data, crypto.Keccak256([]byte("transfer(address,uint256)"))[:4])
	copy(data[4+12:], to[:])
	new(big.Int).SetUint64(amount).FillBytes(data[36:68])
	return data
}

// benchWorkload is a genesis and one block of signed transactions.
type benchWorkload struct {
	alloc []GenesisAlloc
	txs   []*types.Transaction
	gas   uint64 // gas used by the block, measured once
}

func newBenchWorkload(tb testing.TB, erc20 bool, accounts, txs int) *benchWorkload {
	w := &benchWorkload{}
	tokens := make(map[common.Hash]common.Hash, accounts)
	keys := make([]common.Address, accounts)
	for i := range accounts {
		a := keyAddr(testKey(i))
		keys[i] = a
		w.alloc = append(w.alloc, GenesisAlloc{Address: a, Balance: new(uint256.Int).Set(oneEther)})
		tokens[common.BytesToHash(a[:])] = common.BigToHash(big.NewInt(1_000_000))
	}
	if erc20 {
		w.alloc = append(w.alloc, GenesisAlloc{Address: erc20Address, Nonce: 1, Code: erc20Code(), Storage: tokens})
	}
	for i := range txs {
		to := keys[(i+txs)%accounts]
		var tx *types.Transaction
		if erc20 {
			tx = dynTx(testKey(i), 0, &erc20Address, nil, 100_000, transferCall(to, 10))
		} else {
			tx = dynTx(testKey(i), 0, &to, big.NewInt(1), 21000, nil)
		}
		if _, err := types.Sender(testSigner, tx); err != nil { // warm the sender cache for both executors
			tb.Fatal(err)
		}
		w.txs = append(w.txs, tx)
	}
	return w
}

func benchContext() BlockContext {
	return BlockContext{Number: 1, Time: 1, GasLimit: benchGasLimit, BaseFee: big.NewInt(params.InitialBaseFee), PrevRandao: common.Hash{1}}
}

func noHashes(uint64) common.Hash { return common.Hash{} }

// runHyperion executes the workload's block with BlockBuilder.
func runHyperion(tb testing.TB, st store.Reader, w *benchWorkload) *BlockResult {
	b, err := NewBlockBuilder(testCfg, st, benchContext(), noHashes)
	require.NoError(tb, err)
	for _, tx := range w.txs {
		r, err := b.ApplyTx(tx)
		require.NoError(tb, err)
		require.Equal(tb, types.ReceiptStatusSuccessful, r.Status)
	}
	res, err := b.Finish()
	require.NoError(tb, err)
	return res
}

// gethGenesis commits the workload's genesis into a go-ethereum state database.
func gethGenesis(tb testing.TB, w *benchWorkload) (state.Database, common.Hash) {
	db := state.NewDatabaseForTesting()
	sdb, err := state.New(types.EmptyRootHash, db)
	require.NoError(tb, err)
	history := GenesisAlloc{Address: params.HistoryStorageAddress, Nonce: 1, Code: params.HistoryStorageCode}
	for _, a := range append([]GenesisAlloc{history}, w.alloc...) {
		if a.Balance != nil {
			sdb.SetBalance(a.Address, a.Balance, tracing.BalanceChangeUnspecified)
		}
		sdb.SetNonce(a.Address, a.Nonce, tracing.NonceChangeGenesis)
		sdb.SetCode(a.Address, a.Code, tracing.CodeChangeGenesis)
		for k, v := range a.Storage {
			sdb.SetState(a.Address, k, v)
		}
	}
	root, err := sdb.Commit(testRules, 0)
	require.NoError(tb, err)
	return db, root
}

// runGeth executes the same block the way go-ethereum's StateProcessor does.
func runGeth(tb testing.TB, db state.Database, root common.Hash, w *benchWorkload) (uint64, *state.StateDB, []*types.Receipt) {
	sdb, err := state.New(root, db)
	require.NoError(tb, err)
	bctx := benchContext()
	header := &types.Header{Number: big.NewInt(1), Time: 1, GasLimit: benchGasLimit, BaseFee: bctx.BaseFee, Difficulty: new(big.Int), MixDigest: bctx.PrevRandao}
	evm := vm.NewEVM((&BlockBuilder{cfg: testCfg, bctx: bctx}).evmContext(noHashes), sdb, testCfg, vm.Config{})
	core.ProcessParentBlockHash(header.ParentHash, evm, nil)
	gp := core.NewGasPool(benchGasLimit)
	var receipts []*types.Receipt
	for i, tx := range w.txs {
		msg, err := core.TransactionToMessage(tx, testSigner, bctx.BaseFee)
		require.NoError(tb, err)
		sdb.SetTxContext(tx.Hash(), i, uint32(i+1))
		r, _, err := core.ApplyTransactionWithEVM(context.Background(), msg, gp, sdb, header.Number, common.Hash{}, header.Time, tx, evm)
		require.NoError(tb, err)
		require.Equal(tb, types.ReceiptStatusSuccessful, r.Status)
		receipts = append(receipts, r)
	}
	return gp.CumulativeUsed(), sdb, receipts
}

func BenchmarkNativeTransfers(b *testing.B) { benchVersusGeth(b, false) }

func BenchmarkERC20Transfers(b *testing.B) { benchVersusGeth(b, true) }

// benchVersusGeth runs the same block through BlockBuilder (execution plus
// net state changes) and through go-ethereum's transaction loop over its own
// state.StateDB (execution only, no state root), and prints the ratio.
func benchVersusGeth(b *testing.B, erc20 bool) {
	w := newBenchWorkload(b, erc20, benchAccounts, benchBlockTxs)
	st := newMemStore()
	st.apply(b, GenesisChanges(w.alloc))
	db, root := gethGenesis(b, w)
	iavl := openBenchStore(b, GenesisChanges(w.alloc))
	defer iavl.Close()
	res := runHyperion(b, st, w)
	gethGas, _, _ := runGeth(b, db, root, w)
	require.Equal(b, res.GasUsed, gethGas, "both executors use the same gas")
	w.gas = res.GasUsed

	var perBlock [3]float64
	for i, name := range []string{"hyperion", "geth", "hyperion-iavl"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				switch i {
				case 0:
					runHyperion(b, st, w)
				case 1:
					runGeth(b, db, root, w)
				default:
					runHyperion(b, iavl, w)
				}
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			perBlock[i] = sec
			b.ReportMetric(float64(w.gas)/sec/1e6, "Mgas/s")
			b.ReportMetric(float64(len(w.txs))/sec, "tx/s")
		})
	}
	if perBlock[0] > 0 && perBlock[1] > 0 {
		fmt.Printf("%s: hyperion/geth throughput ratio %.2fx in memory, %.2fx on the IAVL store (%d txs, %d gas per block)\n",
			b.Name(), perBlock[1]/perBlock[0], perBlock[1]/perBlock[2], len(w.txs), w.gas)
	}
}

// openBenchStore is the node's real state store (IAVL on disk with its read
// cache) holding the genesis as version 1; the caller closes it.
func openBenchStore(t testing.TB, genesis []store.Change) *store.Store {
	st, err := store.Open(store.Options{Dir: t.TempDir()})
	require.NoError(t, err)
	_, err = st.Apply(genesis)
	require.NoError(t, err)
	_, _, err = st.Commit()
	require.NoError(t, err)
	return st
}

// TestMatchesGeth runs the benchmark workloads (small) through both executors
// and compares receipts and the resulting accounts and token balances.
func TestMatchesGeth(t *testing.T) {
	for _, erc20 := range []bool{false, true} {
		w := newBenchWorkload(t, erc20, 40, 30)
		st := newMemStore()
		st.apply(t, GenesisChanges(w.alloc))
		db, root := gethGenesis(t, w)
		res := runHyperion(t, st, w)
		st.apply(t, res.Changes)
		_, sdb, receipts := runGeth(t, db, root, w)
		for i, r := range res.Receipts {
			g := receipts[i]
			require.Equal(t, g.GasUsed, r.GasUsed)
			require.Equal(t, g.CumulativeGasUsed, r.CumulativeGasUsed)
			require.Equal(t, g.Bloom, r.Bloom)
			require.Equal(t, len(g.Logs), len(r.Logs))
			for j := range g.Logs {
				require.Equal(t, g.Logs[j].Index, r.Logs[j].Index)
				require.Equal(t, g.Logs[j].Topics, r.Logs[j].Topics)
				require.Equal(t, g.Logs[j].Data, r.Logs[j].Data)
			}
		}
		for _, a := range w.alloc {
			require.Equal(t, sdb.GetBalance(a.Address), must(Balance(st, a.Address)), "balance of %x", a.Address)
			require.Equal(t, sdb.GetNonce(a.Address), must(Nonce(st, a.Address)))
			slot := common.BytesToHash(a.Address[:])
			require.Equal(t, sdb.GetState(erc20Address, slot), must(Storage(st, erc20Address, slot)))
		}
		require.Equal(t, sdb.GetState(params.HistoryStorageAddress, common.Hash{}), must(Storage(st, params.HistoryStorageAddress, common.Hash{})))
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
