package evm

import (
	"crypto/ecdsa"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// Contracts installed in the genesis of every parallel workload.
var (
	counterAddr  = common.HexToAddress("0xc0c0")
	factoryAddr  = common.HexToAddress("0xfac7")
	readerAddr   = common.HexToAddress("0xbeef")
	proberAddr   = common.HexToAddress("0xb0b0")
	ownReaderAdr = common.HexToAddress("0xb0b1")
	doomedAddr   = common.HexToAddress("0xdead01")
	beneficiary  = common.HexToAddress("0xbe")
	poolBase     = uint64(0xa000)
	workloadKeys = 64 // funded sender keys
)

// ammCode is a constant-product pool: calldata word 0 is the amount in; it
// moves the reserves in slots 0 and 1 and logs the amount out.
var ammCode = []byte{
	0x60, 0x00, 0x35, // CALLDATALOAD(0)          [in]
	0x60, 0x00, 0x54, // SLOAD(0)                 [x in]
	0x81, 0x01, //       DUP2 ADD                 [x+in in]
	0x80, 0x60, 0x00, 0x55, // DUP1 SSTORE(0)      [x+in in]
	0x60, 0x01, 0x54, // SLOAD(1)                 [y x+in in]
	0x80, 0x83, 0x02, // DUP1 DUP4 MUL            [y*in y x+in in]
	0x82, 0x90, 0x04, // DUP3 SWAP1 DIV           [out y x+in in]
	0x80, 0x82, 0x03, // DUP1 DUP3 SUB            [y-out out y x+in in]
	0x60, 0x01, 0x55, // SSTORE(1)                [out y x+in in]
	0x60, 0x00, 0x52, // MSTORE(0)                [y x+in in]
	0x60, 0x20, 0x60, 0x00, 0xa0, 0x00, // LOG0(0, 32) STOP
}

// proberCode reads BALANCE(hotAddr(0)) and calls the identity precompile:
// both cost less when the address is warm, so its gas shows whether a
// transaction's access list starts exactly as EIP-2929 says.
var proberCode = []byte{
	0x62, 0x10, 0x00, 0x00, 0x31, 0x50, // BALANCE(0x100000) POP
	0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x04, 0x5a, 0xfa, 0x50, 0x00, // STATICCALL(GAS, 4, 0, 0, 0, 0) POP STOP
}

// factoryCode deploys its calldata as init code with CREATE2, salt = CALLER.
var factoryCode = []byte{0x33, 0x36, 0x60, 0x00, 0x80, 0x37, 0x36, 0x60, 0x00, 0x60, 0x00, 0xf5, 0x50, 0x00}

// ownReaderCode stores BALANCE(ORIGIN) in the slot named by ORIGIN: the
// sender's balance during its own transaction (after the gas purchase).
var ownReaderCode = []byte{0x32, 0x31, 0x32, 0x55, 0x00}

// readerCode stores BALANCE(COINBASE) in slot 0.
var readerCode = []byte{0x41, 0x31, 0x60, 0x00, 0x55, 0x00}

func poolAddr(i int) common.Address {
	return common.BigToAddress(new(big.Int).SetUint64(poolBase + uint64(i)))
}

func hotAddr(i int) common.Address { return common.BigToAddress(big.NewInt(int64(0x100000 + i))) }

// workload builds a genesis and one block of transactions.
type workload struct {
	rng    *rand.Rand
	alloc  []GenesisAlloc
	keys   []*ecdsa.PrivateKey
	nonces map[common.Address]uint64
	txs    []*types.Transaction
	fresh  int
	solc   *solcSetup // the solc-compiled contracts, if withSolc installed them
}

func newWorkload(seed uint64, pools int) *workload {
	w := &workload{rng: rand.New(rand.NewPCG(seed, 7)), nonces: make(map[common.Address]uint64)}
	tokens := make(map[common.Hash]common.Hash)
	for i := range workloadKeys {
		k := testKey(i)
		w.keys = append(w.keys, k)
		w.alloc = append(w.alloc, GenesisAlloc{Address: keyAddr(k), Balance: new(uint256.Int).Set(oneEther)})
		tokens[common.BytesToHash(keyAddr(k).Bytes())] = common.BigToHash(big.NewInt(1_000_000))
	}
	w.alloc = append(w.alloc,
		GenesisAlloc{Address: erc20Address, Nonce: 1, Code: erc20Code(), Storage: tokens},
		GenesisAlloc{Address: counterAddr, Nonce: 1, Code: counterCode},
		GenesisAlloc{Address: factoryAddr, Nonce: 1, Code: factoryCode},
		GenesisAlloc{Address: readerAddr, Nonce: 1, Code: readerCode},
		GenesisAlloc{Address: proberAddr, Nonce: 1, Code: proberCode},
		GenesisAlloc{Address: ownReaderAdr, Nonce: 1, Code: ownReaderCode},
		GenesisAlloc{Address: doomedAddr, Nonce: 1, Balance: uint256.NewInt(1000), Code: append(append([]byte{}, storeOne...), selfdestructTo(beneficiary)...)},
	)
	for i := range pools {
		w.alloc = append(w.alloc, GenesisAlloc{Address: poolAddr(i), Nonce: 1, Code: ammCode, Storage: map[common.Hash]common.Hash{
			{}: common.BigToHash(big.NewInt(1_000_000)), common.BigToHash(common.Big1): common.BigToHash(big.NewInt(1_000_000)),
		}})
	}
	return w
}

// send appends a transaction of k, advancing its nonce when valid is true.
func (w *workload) send(k *ecdsa.PrivateKey, to *common.Address, value int64, gas uint64, data []byte) {
	a := keyAddr(k)
	w.txs = append(w.txs, dynTx(k, w.nonces[a], to, big.NewInt(value), gas, data))
	w.nonces[a]++
}

func (w *workload) key() *ecdsa.PrivateKey { return w.keys[w.rng.IntN(len(w.keys))] }

// withKeys funds more keys, up to n, as newWorkload funds its own.
func (w *workload) withKeys(n int) *workload {
	for i := len(w.keys); i < n; i++ {
		k := testKey(i)
		w.keys = append(w.keys, k)
		w.alloc = append(w.alloc, GenesisAlloc{Address: keyAddr(k), Balance: new(uint256.Int).Set(oneEther)})
	}
	return w
}

func word(v uint64) []byte { return common.BigToHash(new(big.Int).SetUint64(v)).Bytes() }

// The pieces blocks are made of.
func (w *workload) transfer(to common.Address) {
	w.send(w.key(), &to, 1+w.rng.Int64N(1000), 21000, nil)
}
func (w *workload) erc20(holders int) {
	to := keyAddr(w.keys[w.rng.IntN(holders)])
	w.send(w.key(), &erc20Address, 0, 100_000, transferCall(to, 10))
}
func (w *workload) swap(pools int) {
	p := poolAddr(w.rng.IntN(pools))
	w.send(w.key(), &p, 0, 100_000, word(1+w.rng.Uint64N(1000)))
}
func (w *workload) counter()   { w.send(w.key(), &counterAddr, 0, 100_000, nil) }
func (w *workload) revert()    { w.send(w.key(), &counterAddr, 0, 100_000, []byte{1}) }
func (w *workload) outOfGas()  { w.send(w.key(), &counterAddr, 0, 22_000, nil) }
func (w *workload) readVault() { w.send(w.key(), &readerAddr, 0, 100_000, nil) }
func (w *workload) probe()     { w.send(w.key(), &proberAddr, 0, 100_000, nil) }
func (w *workload) readOwn()   { w.send(w.key(), &ownReaderAdr, 0, 100_000, nil) }
func (w *workload) killOld()   { w.send(w.key(), &doomedAddr, 5, 100_000, nil) }
func (w *workload) deploy()    { w.send(w.key(), nil, 0, 200_000, initCode(counterCode)) }
func (w *workload) createKill() {
	w.send(w.key(), nil, 7, 200_000, append(append([]byte{}, storeOne...), selfdestructTo(beneficiary)...))
}
func (w *workload) create2() { w.send(w.key(), &factoryAddr, 0, 300_000, initCode(counterCode)) }

// accessListed calls the counter with an EIP-2930 access list that warms
// the counter's slot, a slot of a precompile (warm anyway) and a hot
// address, so the per-worker access lists are reset across such lists.
func (w *workload) accessListed() {
	k := w.key()
	a := keyAddr(k)
	list := types.AccessList{
		{Address: counterAddr, StorageKeys: []common.Hash{{}}},
		{Address: common.BytesToAddress([]byte{1}), StorageKeys: []common.Hash{{1}}},
		{Address: hotAddr(w.rng.IntN(4))},
	}
	w.txs = append(w.txs, types.MustSignNewTx(k, testSigner, &types.DynamicFeeTx{
		ChainID: big.NewInt(testChainID), Nonce: w.nonces[a], GasTipCap: big.NewInt(2), GasFeeCap: big.NewInt(10 * params.GWei),
		Gas: 100_000, To: &counterAddr, AccessList: list,
	}))
	w.nonces[a]++
}

// badNonce sends a transaction with a nonce gap: it fails validation.
func (w *workload) badNonce() {
	k := w.key()
	w.txs = append(w.txs, dynTx(k, w.nonces[keyAddr(k)]+5, &beneficiary, big.NewInt(1), 21000, nil))
}

// funded sends from a fresh key that an earlier transaction may fund.
func (w *workload) funded() {
	w.fresh++
	k := testKey(10_000 + w.fresh)
	to := keyAddr(k)
	if w.rng.IntN(2) == 0 {
		w.send(w.key(), &to, params.Ether/100, 21000, nil)
	}
	w.txs = append(w.txs, dynTx(k, 0, &beneficiary, big.NewInt(1), 21000, nil))
}

// delegate makes a sender delegate its account to the counter (EIP-7702)
// and, later, calls it.
func (w *workload) delegate() {
	k := w.key()
	a := keyAddr(k)
	auth, err := types.SignSetCode(k, types.SetCodeAuthorization{ChainID: *uint256.NewInt(testChainID), Address: counterAddr, Nonce: w.nonces[a] + 1})
	if err != nil {
		panic(err)
	}
	w.txs = append(w.txs, types.MustSignNewTx(k, testSigner, &types.SetCodeTx{
		ChainID: uint256.NewInt(testChainID), Nonce: w.nonces[a], GasTipCap: uint256.NewInt(2), GasFeeCap: uint256.NewInt(10 * params.GWei),
		Gas: 200_000, To: beneficiary, AuthList: []types.SetCodeAuthorization{auth},
	}))
	w.nonces[a] += 2
	w.send(w.key(), &a, 0, 100_000, nil)
}

// mixed appends n random pieces.
func (w *workload) mixed(n int) {
	pieces := []func(){
		func() { w.transfer(keyAddr(w.key())) }, func() { w.erc20(8) }, func() { w.swap(3) }, w.counter, w.revert,
		w.outOfGas, w.readVault, w.killOld, w.deploy, w.createKill, w.create2, w.badNonce, w.funded, w.delegate,
		w.accessListed, w.probe, w.readOwn,
	}
	pieces = append(pieces, w.solcPieces()...)
	for len(w.txs) < n {
		pieces[w.rng.IntN(len(pieces))]()
	}
}

// namedGenesis returns the named workload of n transactions and a store
// holding its genesis.
func namedGenesis(t testing.TB, name string, n int) (*workload, *memStore) {
	w := namedWorkloads(n)[name]()
	st := newMemStore()
	st.apply(t, GenesisChanges(w.alloc))
	return w, st
}

// namedWorkloads are the blocks of the differential suite, n txs each.
func namedWorkloads(n int) map[string]func() *workload {
	repeat := func(pools int, f func(w *workload)) func() *workload {
		return func() *workload {
			w := newWorkload(uint64(n), pools)
			for len(w.txs) < n {
				f(w)
			}
			return w
		}
	}
	solc := func(holders, pools int, f func(w *workload)) func() *workload {
		return func() *workload {
			w := newWorkload(uint64(n), 0).withSolc(holders, pools)
			for len(w.txs) < n {
				f(w)
			}
			return w
		}
	}
	return map[string]func() *workload{
		"transfers":     repeat(0, func(w *workload) { w.transfer(hotAddr(len(w.txs))) }),
		"erc20-few":     repeat(0, func(w *workload) { w.erc20(3) }),
		"erc20-many":    repeat(0, func(w *workload) { w.erc20(workloadKeys) }),
		"amm-one":       repeat(1, func(w *workload) { w.swap(1) }),
		"amm-many":      repeat(16, func(w *workload) { w.swap(16) }),
		"hotspot-2":     repeat(0, func(w *workload) { w.transfer(hotAddr(w.rng.IntN(2))) }),
		"hotspot-100":   repeat(0, func(w *workload) { w.transfer(hotAddr(w.rng.IntN(100))) }),
		"hotspot-10000": repeat(0, func(w *workload) { w.transfer(hotAddr(w.rng.IntN(10_000))) }),
		"chain":         repeat(0, func(w *workload) { w.counter() }),
		"same-sender":   repeat(0, func(w *workload) { w.send(w.keys[0], &beneficiary, 1, 21000, nil) }),
		"create":        repeat(0, func(w *workload) { w.deploy(); w.create2(); w.createKill() }),
		"selfdestruct":  repeat(0, func(w *workload) { w.killOld(); w.createKill() }),
		"revert-oog":    repeat(0, func(w *workload) { w.revert(); w.outOfGas(); w.counter() }),
		"vault-readers": repeat(0, func(w *workload) { w.transfer(hotAddr(len(w.txs))); w.readVault() }),
		"own-balance":   repeat(0, func(w *workload) { w.transfer(hotAddr(len(w.txs))); w.readOwn() }),
		"eip7702":       repeat(0, func(w *workload) { w.delegate() }),
		"invalid":       repeat(0, func(w *workload) { w.badNonce(); w.funded(); w.transfer(beneficiary) }),
		"access-list":   repeat(0, func(w *workload) { w.accessListed(); w.probe(); w.transfer(hotAddr(len(w.txs))) }),
		"erc20-solc":    solc(10_000, 0, func(w *workload) { w.solcERC20(10_000) }),
		// One transfer per sender, as the gigagas ERC-20 set: the transfers
		// share no sender nonce, ETH balance or token balance.
		"erc20-solc-distinct": func() *workload {
			w := newWorkload(uint64(n), 0).withKeys(n).withSolc(10_000, 0)
			for len(w.txs) < n {
				w.solcERC20From(w.keys[len(w.txs)], 10_000)
			}
			return w
		},
		// Independent transfers, as pevm's erc20_independent: each from its
		// own sender to its own holder, so no transfer reads what another
		// writes but the token's code.
		"erc20-solc-independent": func() *workload {
			w := newWorkload(uint64(n), 0).withKeys(n).withSolc(max(n, 10_000), 0)
			for i := 0; len(w.txs) < n; i++ {
				w.solcERC20To(w.keys[i], w.solc.holders[i])
			}
			return w
		},
		"amm-solc":   solc(0, 64, func(w *workload) { w.solcSwap(64) }),
		"amm-solc-1": solc(0, 1, func(w *workload) { w.solcSwap(1) }),
		"mixed":      func() *workload { w := newWorkload(uint64(n), 3).withSolc(8, 2); w.mixed(n); return w },
	}
}
