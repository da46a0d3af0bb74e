package evm

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/store"
)

// The solc-compiled workloads: x/evm/testdata/contracts/*.sol, compiled by
// scripts/gen-bench-contracts.sh (solc 0.8.30, optimizer on, 200 runs) into
// the committed runtime code, ABI and storage layout read here.

// solcDir holds the committed artifacts, relative to the package directory.
const solcDir = "testdata/contracts"

// Addresses of the solc-compiled contracts in a workload's genesis.
var (
	solcTokenAddr  = common.HexToAddress("0x7300000000000000000000000000000000000000") // erc20-solc token
	solcRouterAddr = common.HexToAddress("0x7200000000000000000000000000000000000000")
	solcPairBase   = uint64(0x71_0000) // pair i at solcPairBase+i
	solcPoolToken  = uint64(0x70_0000) // tokens of pair i at solcPoolToken+2i and +2i+1
	solcHolderBase = uint64(0x74_0000) // fresh holder i at solcHolderBase+i
)

// Genesis amounts (18-decimal tokens).
var (
	solcUnit        = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	solcKeyBalance  = units(1_000_000_000) // each key, in every token
	solcHoldBalance = units(1_000)         // each fresh holder of the erc20-solc token
	solcReserve     = units(1_000_000)     // each side of every pool
	maxUint256      = new(big.Int).Sub(new(big.Int).Lsh(common.Big1, 256), common.Big1)
	// price accumulators of a pool traded at price 1 for a day (UQ112x112)
	solcGenesisCumulative = new(big.Int).Lsh(big.NewInt(86_400), 112)
)

func units(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), solcUnit) }

// solcContract is one compiled contract: runtime code, ABI, storage layout.
type solcContract struct {
	code   []byte
	abi    abi.ABI
	layout map[string]solcVar
}

// solcVar is where a state variable lives: its slot and byte offset in it.
type solcVar struct {
	slot   uint64
	offset uint
}

// solcLayoutEntry is one entry of a <Name>.layout.json file.
type solcLayoutEntry struct {
	Label  string `json:"label"`
	Slot   string `json:"slot"`
	Offset uint   `json:"offset"`
}

// solcContracts are the three benchmark contracts.
type solcContracts struct{ token, pair, router *solcContract }

// loadSolc reads the artifacts once; every workload shares them.
var loadSolc = sync.OnceValue(func() *solcContracts {
	return &solcContracts{token: mustReadSolc("BenchToken"), pair: mustReadSolc("BenchPair"), router: mustReadSolc("BenchRouter")}
})

func mustReadSolc(name string) *solcContract {
	c, err := readSolc(name)
	if err != nil {
		panic(fmt.Sprintf("solc artifact %s (run scripts/gen-bench-contracts.sh): %v", name, err))
	}
	return c
}

func readSolc(name string) (*solcContract, error) {
	read := func(ext string) ([]byte, error) { return os.ReadFile(filepath.Join(solcDir, name+ext)) }
	bin, err := read(".bin-runtime")
	if err != nil {
		return nil, err
	}
	c := &solcContract{code: common.FromHex(strings.TrimSpace(string(bin))), layout: make(map[string]solcVar)}
	if len(c.code) == 0 {
		return nil, fmt.Errorf("empty runtime code")
	}
	abiJSON, err := read(".abi")
	if err != nil {
		return nil, err
	}
	if c.abi, err = abi.JSON(bytes.NewReader(abiJSON)); err != nil {
		return nil, err
	}
	layoutJSON, err := read(".layout.json")
	if err != nil {
		return nil, err
	}
	var entries []solcLayoutEntry
	if err := json.Unmarshal(layoutJSON, &entries); err != nil {
		return nil, err
	}
	for _, e := range entries {
		slot, err := strconv.ParseUint(e.Slot, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("slot of %s: %w", e.Label, err)
		}
		c.layout[e.Label] = solcVar{slot: slot, offset: e.Offset}
	}
	return c, nil
}

// slot returns the slot of a state variable; it panics if there is none.
func (c *solcContract) slot(label string) solcVar {
	v, ok := c.layout[label]
	if !ok {
		panic("no state variable " + label)
	}
	return v
}

// pack ABI-encodes a call.
func (c *solcContract) pack(method string, args ...any) []byte {
	data, err := c.abi.Pack(method, args...)
	if err != nil {
		panic(err)
	}
	return data
}

// mappingSlot is the slot of m[key] for a mapping at base: keccak(key . base).
func mappingSlot(key common.Hash, base common.Hash) common.Hash {
	return crypto.Keccak256Hash(key[:], base[:])
}

func slotHash(slot uint64) common.Hash { return common.BigToHash(new(big.Int).SetUint64(slot)) }

// balanceSlot is the slot of balanceOf[holder] of a BenchToken.
func balanceSlot(holder common.Address) common.Hash {
	return mappingSlot(common.BytesToHash(holder[:]), slotHash(loadSolc().token.slot("balanceOf").slot))
}

// allowanceSlot is the slot of allowance[holder][spender] of a BenchToken.
func allowanceSlot(holder, spender common.Address) common.Hash {
	inner := mappingSlot(common.BytesToHash(holder[:]), slotHash(loadSolc().token.slot("allowance").slot))
	return mappingSlot(common.BytesToHash(spender[:]), inner)
}

// reservesWord is the pair's packed reserves slot: reserve0, reserve1 and
// the timestamp at their layout offsets.
func reservesWord(r0, r1 *big.Int, ts uint64) common.Hash {
	p := loadSolc().pair
	word := new(big.Int)
	word.Or(word, new(big.Int).Lsh(r0, 8*p.slot("reserve0").offset))
	word.Or(word, new(big.Int).Lsh(r1, 8*p.slot("reserve1").offset))
	word.Or(word, new(big.Int).Lsh(new(big.Int).SetUint64(ts), 8*p.slot("blockTimestampLast").offset))
	return common.BigToHash(word)
}

// ammQuote is the router's output for amountIn against rIn/rOut, 0.3 % fee.
func ammQuote(amountIn, rIn, rOut *big.Int) *big.Int {
	in := new(big.Int).Mul(amountIn, big.NewInt(997))
	num := new(big.Int).Mul(in, rOut)
	den := new(big.Int).Add(new(big.Int).Mul(rIn, big.NewInt(1000)), in)
	return num.Div(num, den)
}

// solcPool is one BenchPair and its two BenchTokens (token0 < token1).
type solcPool struct{ pair, token0, token1 common.Address }

// solcSetup is what withSolc placed in a workload's genesis.
type solcSetup struct {
	holders []common.Address // fresh erc20-solc holders beside the keys
	pools   []solcPool
}

func addrAt(n uint64) common.Address { return common.BigToAddress(new(big.Int).SetUint64(n)) }

// withSolc installs the solc-compiled contracts in w's genesis: the
// erc20-solc BenchToken held by the keys and by `holders` fresh addresses,
// the router, and `pools` pairs, each over two BenchTokens of its own that
// every key holds and has approved the router for without limit.
func (w *workload) withSolc(holders, pools int) *workload {
	c := loadSolc()
	s := &solcSetup{}
	balances := make(map[common.Address]*big.Int, len(w.keys)+holders)
	for _, k := range w.keys {
		balances[keyAddr(k)] = solcKeyBalance
	}
	for i := range holders {
		a := addrAt(solcHolderBase + uint64(i))
		s.holders = append(s.holders, a)
		balances[a] = solcHoldBalance
	}
	w.alloc = append(w.alloc,
		GenesisAlloc{Address: solcTokenAddr, Nonce: 1, Code: c.token.code, Storage: w.tokenStorage(balances, false)},
		GenesisAlloc{Address: solcRouterAddr, Nonce: 1, Code: c.router.code})
	for i := range pools {
		s.pools = append(s.pools, w.addSolcPool(i))
	}
	w.solc = s
	return w
}

// addSolcPool installs pair i, its tokens and its reserves.
func (w *workload) addSolcPool(i int) solcPool {
	c := loadSolc()
	p := solcPool{pair: addrAt(solcPairBase + uint64(i)), token0: addrAt(solcPoolToken + 2*uint64(i)), token1: addrAt(solcPoolToken + 2*uint64(i) + 1)}
	for _, t := range []common.Address{p.token0, p.token1} {
		balances := map[common.Address]*big.Int{p.pair: solcReserve}
		for _, k := range w.keys {
			balances[keyAddr(k)] = solcKeyBalance
		}
		w.alloc = append(w.alloc, GenesisAlloc{Address: t, Nonce: 1, Code: c.token.code, Storage: w.tokenStorage(balances, true)})
	}
	w.alloc = append(w.alloc, GenesisAlloc{Address: p.pair, Nonce: 1, Code: c.pair.code, Storage: map[common.Hash]common.Hash{
		slotHash(c.pair.slot("token0").slot):   common.BytesToHash(p.token0[:]),
		slotHash(c.pair.slot("token1").slot):   common.BytesToHash(p.token1[:]),
		slotHash(c.pair.slot("reserve0").slot): reservesWord(solcReserve, solcReserve, 0),
		slotHash(c.pair.slot("unlocked").slot): common.BigToHash(common.Big1),
		// A pool that has traded before: its oracle accumulators are set.
		slotHash(c.pair.slot("price0CumulativeLast").slot): common.BigToHash(solcGenesisCumulative),
		slotHash(c.pair.slot("price1CumulativeLast").slot): common.BigToHash(solcGenesisCumulative),
	}})
	return p
}

// tokenStorage is a BenchToken's genesis storage: the balances, their sum
// as the total supply, key 0 as owner, and with approve each key's
// unlimited allowance for the router.
func (w *workload) tokenStorage(balances map[common.Address]*big.Int, approve bool) map[common.Hash]common.Hash {
	t := loadSolc().token
	owner := keyAddr(w.keys[0])
	storage := map[common.Hash]common.Hash{slotHash(t.slot("owner").slot): common.BytesToHash(owner[:])}
	supply := new(big.Int)
	for a, v := range balances { // sums commute: the order does not matter
		storage[balanceSlot(a)] = common.BigToHash(v)
		supply.Add(supply, v)
	}
	storage[slotHash(t.slot("totalSupply").slot)] = common.BigToHash(supply)
	if approve {
		for _, k := range w.keys {
			storage[allowanceSlot(keyAddr(k), solcRouterAddr)] = common.BigToHash(maxUint256)
		}
	}
	return storage
}

// solcERC20 sends a BenchToken transfer from a random key to one of the
// first `holders` fresh holders or to a key.
func (w *workload) solcERC20(holders int) { w.solcERC20From(w.key(), holders) }

// solcERC20From is solcERC20 from key k.
func (w *workload) solcERC20From(k *ecdsa.PrivateKey, holders int) {
	s := w.solc
	if s == nil || holders > len(s.holders) {
		panic("solcERC20: install more holders with withSolc")
	}
	var to common.Address
	if i := w.rng.IntN(holders + len(w.keys)); i < holders {
		to = s.holders[i]
	} else {
		to = keyAddr(w.keys[i-holders])
	}
	w.solcERC20To(k, to)
}

// solcERC20To sends a transfer of a random amount of the token from key k
// to address to.
func (w *workload) solcERC20To(k *ecdsa.PrivateKey, to common.Address) {
	amount := new(big.Int).Mul(big.NewInt(1+w.rng.Int64N(1000)), big.NewInt(1e15))
	w.send(k, &solcTokenAddr, 0, 100_000, loadSolc().token.pack("transfer", to, amount))
}

// solcSwap swaps, through the router, 1 to 1000 tokens of a random side of
// one of the first `pools` pairs for the other, paid to the sender.
func (w *workload) solcSwap(pools int) {
	s := w.solc
	if s == nil || pools > len(s.pools) || pools == 0 {
		panic("solcSwap: install more pools with withSolc")
	}
	p := s.pools[w.rng.IntN(pools)]
	tokenIn := p.token0
	if w.rng.IntN(2) == 1 {
		tokenIn = p.token1
	}
	k := w.key()
	amountIn := new(big.Int).Mul(big.NewInt(1+w.rng.Int64N(1000)), solcUnit)
	data := loadSolc().router.pack("swapExactIn", p.pair, tokenIn, amountIn, common.Big1, keyAddr(k))
	w.send(k, &solcRouterAddr, 0, 250_000, data)
}

// solcPieces are the solc transactions the mixed workload draws from, if
// w has the contracts.
func (w *workload) solcPieces() []func() {
	if w.solc == nil {
		return nil
	}
	return []func(){
		func() { w.solcERC20(len(w.solc.holders)) },
		func() { w.solcSwap(len(w.solc.pools)) },
	}
}

// solcSlot is one storage slot of one contract.
type solcSlot struct {
	addr common.Address
	slot common.Hash
}

// solcModel executes the solc workloads' transactions in Go: the storage
// values they must leave and the events they must emit.
type solcModel struct {
	st       *memStore // genesis state: where untouched values come from
	setup    *solcSetup
	time     uint64 // block timestamp
	slots    map[solcSlot]*big.Int
	reserves map[common.Address][2]*big.Int // pair -> genesis reserves, for K
}

func newSolcModel(st *memStore, setup *solcSetup, time uint64) *solcModel {
	return &solcModel{st: st, setup: setup, time: time, slots: make(map[solcSlot]*big.Int), reserves: make(map[common.Address][2]*big.Int)}
}

func (m *solcModel) get(addr common.Address, slot common.Hash) *big.Int {
	k := solcSlot{addr, slot}
	if v, ok := m.slots[k]; ok {
		return v
	}
	v, err := Storage(m.st, addr, slot)
	if err != nil {
		panic(err)
	}
	m.slots[k] = v.Big()
	return m.slots[k]
}

// move is BenchToken's _move.
func (m *solcModel) move(token, from, to common.Address, v *big.Int) {
	m.slots[solcSlot{token, balanceSlot(from)}] = new(big.Int).Sub(m.get(token, balanceSlot(from)), v)
	m.slots[solcSlot{token, balanceSlot(to)}] = new(big.Int).Add(m.get(token, balanceSlot(to)), v)
}

func (m *solcModel) pool(pair common.Address) solcPool {
	for _, p := range m.setup.pools {
		if p.pair == pair {
			return p
		}
	}
	panic("unknown pair")
}

// swap is the router's swapExactIn; it returns the Swap event's amounts
// (amount0In, amount1In, amount0Out, amount1Out).
func (m *solcModel) swap(from, pair, tokenIn common.Address, amountIn *big.Int, to common.Address) []*big.Int {
	p := m.pool(pair)
	r0, r1 := m.get(p.token0, balanceSlot(pair)), m.get(p.token1, balanceSlot(pair))
	if _, ok := m.reserves[pair]; !ok {
		m.reserves[pair] = [2]*big.Int{r0, r1}
	}
	zero := new(big.Int)
	if tokenIn == p.token0 {
		out := ammQuote(amountIn, r0, r1)
		m.move(p.token0, from, pair, amountIn)
		m.move(p.token1, pair, to, out)
		m.setReserves(p)
		return []*big.Int{amountIn, zero, zero, out}
	}
	out := ammQuote(amountIn, r1, r0)
	m.move(p.token1, from, pair, amountIn)
	m.move(p.token0, pair, to, out)
	m.setReserves(p)
	return []*big.Int{zero, amountIn, out, zero}
}

// setReserves is the pair's _update: on a block's first update the oracle
// accumulators add the old reserves' prices times the elapsed seconds; then
// reserves = balances, timestamp = now.
func (m *solcModel) setReserves(p solcPool) {
	c := loadSolc().pair
	word := slotHash(c.slot("reserve0").slot)
	old := m.get(p.pair, word)
	r0, r1, last := solcField(old, c.slot("reserve0"), 112), solcField(old, c.slot("reserve1"), 112), solcField(old, c.slot("blockTimestampLast"), 32)
	elapsed := new(big.Int).SetUint64(m.time)
	elapsed.Sub(elapsed, last).And(elapsed, big.NewInt(1<<32-1))
	if elapsed.Sign() > 0 && r0.Sign() > 0 && r1.Sign() > 0 {
		m.addPrice(p.pair, c.slot("price0CumulativeLast"), r1, r0, elapsed)
		m.addPrice(p.pair, c.slot("price1CumulativeLast"), r0, r1, elapsed)
	}
	m.slots[solcSlot{p.pair, word}] = reservesWord(m.get(p.token0, balanceSlot(p.pair)), m.get(p.token1, balanceSlot(p.pair)), m.time).Big()
}

// solcField extracts a bits-wide state variable from its packed slot value.
func solcField(word *big.Int, v solcVar, bits uint) *big.Int {
	f := new(big.Int).Rsh(word, 8*v.offset)
	return f.And(f, new(big.Int).Sub(new(big.Int).Lsh(common.Big1, bits), common.Big1))
}

// addPrice adds (num << 112) / den * elapsed to an accumulator, mod 2^256.
func (m *solcModel) addPrice(pair common.Address, v solcVar, num, den, elapsed *big.Int) {
	k := solcSlot{pair, slotHash(v.slot)}
	price := new(big.Int).Lsh(num, 112)
	price.Div(price, den).Mul(price, elapsed)
	sum := price.Add(price, m.get(pair, k.slot))
	m.slots[k] = sum.And(sum, maxUint256)
}

// Realistic gas per transaction of the solc workloads (intrinsic included).
// Measured: a transfer to a holder 34.1-34.3k; a swap 93.1k when it is its
// pool's first of the block (the oracle accumulators are written) and 82.8k
// after (cold accesses are per transaction, so little else changes).
const (
	solcTransferGasMin, solcTransferGasMax = 30_000, 55_000
	solcSwapGasMin, solcSwapGasMax         = 75_000, 160_000
)

// TestSolcWorkloads runs the solc workloads' blocks sequentially and checks
// they do what they claim: every transaction succeeds with realistic gas,
// emits the events of a transfer or a swap with the amounts computed in Go,
// and leaves the token balances, reserves and timestamps computed in Go;
// the fee-adjusted constant product never falls.
func TestSolcWorkloads(t *testing.T) {
	for _, name := range []string{"erc20-solc", "amm-solc", "amm-solc-1", "mixed"} {
		t.Run(name, func(t *testing.T) {
			w, st := namedGenesis(t, name, 120)
			bctx := benchContext()
			res, errs := runSequential(t, st, bctx, w.txs)
			m := newSolcModel(st, w.solc, bctx.Time)
			checked := 0
			for i, tx := range w.txs {
				if to := tx.To(); to == nil || (*to != solcTokenAddr && *to != solcRouterAddr) {
					continue // a toy piece of the mixed workload
				}
				require.NoError(t, errs[i], "tx %d", i)
				checkSolcTx(t, m, tx, receiptOf(t, res, tx))
				checked++
			}
			require.GreaterOrEqual(t, checked, 4, "solc transactions in the block")
			final := newMemStore()
			final.apply(t, GenesisChanges(w.alloc))
			final.apply(t, res.Changes)
			m.requireStorage(t, final)
			m.requireOnlyModelledWrites(t, res.Changes)
			m.requireProduct(t)
		})
	}
}

func receiptOf(t *testing.T, res *BlockResult, tx *types.Transaction) *types.Receipt {
	for _, r := range res.Receipts {
		if r.TxHash == tx.Hash() {
			return r
		}
	}
	require.FailNow(t, "no receipt", "tx %s", tx.Hash())
	return nil
}

// checkSolcTx applies tx to the model and checks its receipt against it.
func checkSolcTx(t *testing.T, m *solcModel, tx *types.Transaction, r *types.Receipt) {
	c := loadSolc()
	from, err := types.Sender(testSigner, tx)
	require.NoError(t, err)
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status, "tx %s", tx.Hash())
	method, err := c.router.abi.MethodById(tx.Data())
	if *tx.To() == solcTokenAddr {
		method, err = c.token.abi.MethodById(tx.Data())
	}
	require.NoError(t, err)
	args, err := method.Inputs.Unpack(tx.Data()[4:])
	require.NoError(t, err)
	switch method.Name {
	case "transfer":
		require.True(t, r.GasUsed >= solcTransferGasMin && r.GasUsed <= solcTransferGasMax, "transfer gas %d", r.GasUsed)
		m.move(solcTokenAddr, from, args[0].(common.Address), args[1].(*big.Int))
		require.Len(t, r.Logs, 1)
		requireEvent(t, r.Logs[0], solcTokenAddr, c.token.abi.Events["Transfer"], []*big.Int{args[1].(*big.Int)})
	case "swapExactIn":
		require.True(t, r.GasUsed >= solcSwapGasMin && r.GasUsed <= solcSwapGasMax, "swap gas %d", r.GasUsed)
		pair := args[0].(common.Address)
		amounts := m.swap(from, pair, args[1].(common.Address), args[2].(*big.Int), args[4].(common.Address))
		require.Len(t, r.Logs, 4, "Transfer in, Transfer out, Sync, Swap")
		requireEvent(t, r.Logs[3], pair, c.pair.abi.Events["Swap"], amounts)
	default:
		require.FailNow(t, "unexpected method", method.Name)
	}
}

// requireEvent checks a log's emitter, event and non-indexed amounts.
func requireEvent(t *testing.T, l *types.Log, addr common.Address, ev abi.Event, amounts []*big.Int) {
	require.Equal(t, addr, l.Address)
	require.Equal(t, ev.ID, l.Topics[0], ev.Name)
	got, err := ev.Inputs.NonIndexed().Unpack(l.Data)
	require.NoError(t, err)
	require.Len(t, got, len(amounts))
	for i := range amounts {
		require.Zero(t, amounts[i].Cmp(got[i].(*big.Int)), "%s amount %d: want %v got %v", ev.Name, i, amounts[i], got[i])
	}
}

// requireStorage checks every slot the model touched in the final state.
func (m *solcModel) requireStorage(t *testing.T, final *memStore) {
	require.NotEmpty(t, m.slots)
	for k, want := range m.slots {
		got, err := Storage(final, k.addr, k.slot)
		require.NoError(t, err)
		require.Equal(t, common.BigToHash(want), got, "contract %s slot %s", k.addr, k.slot)
	}
}

// requireOnlyModelledWrites checks the block wrote no storage slot of a
// solc contract that the model did not write.
func (m *solcModel) requireOnlyModelledWrites(t *testing.T, changes []store.Change) {
	contracts := map[common.Address]bool{solcTokenAddr: true, solcRouterAddr: true}
	for _, p := range m.setup.pools {
		contracts[p.pair], contracts[p.token0], contracts[p.token1] = true, true, true
	}
	prefix := prefixedKey(kindStorage)
	for _, c := range changes {
		if !bytes.HasPrefix(c.Key, prefix) || len(c.Key) != len(prefix)+common.AddressLength+common.HashLength {
			continue
		}
		addr := common.BytesToAddress(c.Key[len(prefix) : len(prefix)+common.AddressLength])
		slot := common.BytesToHash(c.Key[len(prefix)+common.AddressLength:])
		if contracts[addr] {
			_, ok := m.slots[solcSlot{addr, slot}]
			require.True(t, ok, "unmodelled write to %s slot %s", addr, slot)
		}
	}
}

// requireProduct checks every traded pool's reserves product did not fall.
func (m *solcModel) requireProduct(t *testing.T) {
	for pair, before := range m.reserves {
		p := m.pool(pair)
		after := new(big.Int).Mul(m.get(p.token0, balanceSlot(pair)), m.get(p.token1, balanceSlot(pair)))
		require.GreaterOrEqual(t, after.Cmp(new(big.Int).Mul(before[0], before[1])), 0, "K of %s fell", pair)
	}
}
