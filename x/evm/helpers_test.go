package evm

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/binary"
	"math/big"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/store"
)

const testChainID = 31337

// memStore is an in-memory store.Reader the tests apply changes to.
type memStore struct{ kv map[string][]byte }

func newMemStore() *memStore { return &memStore{kv: make(map[string][]byte)} }

func (m *memStore) Get(key []byte) ([]byte, error) { return m.kv[string(key)], nil }

func (m *memStore) apply(t testing.TB, changes []store.Change) {
	t.Helper()
	for i, c := range changes {
		if i > 0 {
			require.Negative(t, bytes.Compare(changes[i-1].Key, c.Key), "changes not strictly sorted")
		}
		if c.Delete {
			delete(m.kv, string(c.Key))
		} else {
			m.kv[string(c.Key)] = c.Value
		}
	}
}

// keys returns sorted copies of the store keys with a prefix.
func (m *memStore) keys(prefix []byte) [][]byte {
	var out [][]byte
	for k := range m.kv {
		if bytes.HasPrefix([]byte(k), prefix) {
			out = append(out, []byte(k))
		}
	}
	slices.SortFunc(out, bytes.Compare)
	return out
}

// testKey returns a deterministic private key.
func testKey(i int) *ecdsa.PrivateKey {
	var seed [32]byte
	binary.BigEndian.PutUint64(seed[24:], uint64(i)+1)
	k, err := crypto.ToECDSA(crypto.Keccak256(seed[:]))
	if err != nil {
		panic(err)
	}
	return k
}

func keyAddr(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

var (
	oneEther   = new(uint256.Int).Mul(uint256.NewInt(params.Ether), uint256.NewInt(1))
	testBase   = big.NewInt(params.InitialBaseFee)
	testCfg    = ChainConfig(testChainID)
	testSigner = types.LatestSigner(testCfg)
)

// chain is a tiny test chain over a memStore.
type chain struct {
	t       testing.TB
	st      *memStore
	headers []*types.Header
}

func newChain(t testing.TB, alloc []GenesisAlloc) *chain {
	st := newMemStore()
	st.apply(t, GenesisChanges(alloc))
	genesis := &types.Header{Number: big.NewInt(0), GasLimit: 30_000_000, BaseFee: testBase, Difficulty: new(big.Int)}
	return &chain{t: t, st: st, headers: []*types.Header{genesis}}
}

func (c *chain) head() *types.Header { return c.headers[len(c.headers)-1] }

func (c *chain) nextContext() BlockContext {
	h := c.head()
	return BlockContext{
		Number: h.Number.Uint64() + 1, Time: h.Time + 1, GasLimit: 30_000_000,
		ParentHash: h.Hash(), BaseFee: NextBaseFeeWith(h, DefaultBaseFeeParams()), PrevRandao: common.Hash{1},
	}
}

func (c *chain) hashes(n uint64) common.Hash {
	if n < uint64(len(c.headers)) {
		return c.headers[n].Hash()
	}
	return common.Hash{}
}

func (c *chain) builder() (*BlockBuilder, BlockContext) {
	bctx := c.nextContext()
	b, err := NewBlockBuilder(testCfg, c.st, bctx, c.hashes)
	require.NoError(c.t, err)
	return b, bctx
}

// commit finishes b, applies its changes and appends its header.
func (c *chain) commit(b *BlockBuilder, bctx BlockContext) *BlockResult {
	res, err := b.Finish()
	require.NoError(c.t, err)
	c.st.apply(c.t, res.Changes)
	root := crypto.Keccak256Hash([]byte("root"), bctx.ParentHash[:]) // stands in for the IAVL root
	h := MakeHeader(bctx, res, root)
	SetBlockHash(res.Receipts, h.Hash())
	SetBlockHash([]*types.Receipt{res.SystemReceipt}, h.Hash())
	c.headers = append(c.headers, h)
	return res
}

// block runs txs that must all be valid and commits the block.
func (c *chain) block(txs ...*types.Transaction) *BlockResult {
	b, bctx := c.builder()
	for _, tx := range txs {
		_, err := b.ApplyTx(tx)
		require.NoError(c.t, err)
	}
	return c.commit(b, bctx)
}

func (c *chain) balance(a common.Address) *uint256.Int {
	v, err := Balance(c.st, a)
	require.NoError(c.t, err)
	return v
}

func (c *chain) nonce(a common.Address) uint64 {
	v, err := Nonce(c.st, a)
	require.NoError(c.t, err)
	return v
}

// dynTx signs an EIP-1559 transaction.
func dynTx(k *ecdsa.PrivateKey, nonce uint64, to *common.Address, value *big.Int, gas uint64, data []byte) *types.Transaction {
	return types.MustSignNewTx(k, testSigner, &types.DynamicFeeTx{
		ChainID: big.NewInt(testChainID), Nonce: nonce, GasTipCap: big.NewInt(2), GasFeeCap: big.NewInt(10 * params.GWei),
		Gas: gas, To: to, Value: value, Data: data,
	})
}

// initCode wraps runtime code in an init code that returns it.
func initCode(runtime []byte) []byte {
	n := byte(len(runtime))
	prefix := []byte{0x60, n, 0x60, 12, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xf3}
	return append(prefix, runtime...)
}

// counterCode increments slot 0, logs the new value under topic 0xaa, and
// reverts when called with calldata.
var counterCode = []byte{
	0x60, 0x00, 0x54, 0x60, 0x01, 0x01, 0x80, 0x60, 0x00, 0x55, 0x60, 0x00, 0x52,
	0x60, 0xaa, 0x60, 0x20, 0x60, 0x00, 0xa1,
	0x36, 0x15, 0x60, 0x1e, 0x57, 0x60, 0x00, 0x60, 0x00, 0xfd, 0x5b, 0x00,
}

func trieHasher() types.ListHasher { return trie.NewStackTrie(nil) }

// checkSlotIndex verifies that addr's storage in st is exactly want and that
// its slot list is consistent with it.
func checkSlotIndex(t testing.TB, st *memStore, addr common.Address, want map[common.Hash]common.Hash) {
	t.Helper()
	n, err := readSlotCount(st, addr)
	require.NoError(t, err)
	require.Equal(t, uint64(len(want)), n, "slot count")
	seen := make(map[common.Hash]bool)
	for i := range n {
		b := st.kv[string(SlotListKey(addr, i))]
		require.Len(t, b, 32)
		slot := common.BytesToHash(b)
		require.False(t, seen[slot], "slot listed twice")
		seen[slot] = true
		rec, ok, err := readStorage(st, addr, slot)
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, i, rec.position)
		require.Equal(t, want[slot], rec.value)
	}
	storagePrefix := prefixedKey(kindStorage, addr[:])
	listPrefix := prefixedKey(kindSlotList, addr[:])
	require.Len(t, st.keys(storagePrefix), len(want), "storage keys")
	require.Len(t, st.keys(listPrefix), len(want), "slot list keys")
}
