package txpool

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/binary"
	"math/big"
	"sort"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

var (
	testChainID = big.NewInt(31337)
	testChain   = func() *params.ChainConfig {
		c := *params.MergedTestChainConfig
		c.ChainID = testChainID
		return &c
	}()
	testSigner = types.LatestSigner(testChain)
	testTo     = common.HexToAddress("0x00000000000000000000000000000000000000aa")
	testHead   = Head{Number: 10, Time: 1000, BaseFee: big.NewInt(100), GasLimit: 30_000_000}
	richFunds  = uint256.MustFromDecimal("1000000000000000000000") // 1000 ether
)

// memState is an in-memory State for tests.
type memState struct {
	mu       sync.RWMutex
	nonces   map[common.Address]uint64
	balances map[common.Address]*uint256.Int
}

func newMemState() *memState {
	return &memState{nonces: map[common.Address]uint64{}, balances: map[common.Address]*uint256.Int{}}
}

func (s *memState) Nonce(addr common.Address) uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.nonces[addr]
}

func (s *memState) Balance(addr common.Address) *uint256.Int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if b := s.balances[addr]; b != nil {
		return new(uint256.Int).Set(b)
	}
	return new(uint256.Int)
}

func (s *memState) set(addr common.Address, nonce uint64, balance *uint256.Int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nonces[addr] = nonce
	s.balances[addr] = new(uint256.Int).Set(balance)
}

// testKey derives a fixed private key from i.
func testKey(i int) *ecdsa.PrivateKey {
	var seed [8]byte
	binary.BigEndian.PutUint64(seed[:], uint64(i))
	key, err := crypto.ToECDSA(crypto.Keccak256(seed[:]))
	if err != nil {
		panic(err)
	}
	return key
}

func addrOf(key *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(key.PublicKey) }

// fundedState gives keys[0..n) rich balances at nonce 0.
func fundedState(n int) *memState {
	s := newMemState()
	for i := 0; i < n; i++ {
		s.set(addrOf(testKey(i)), 0, richFunds)
	}
	return s
}

// dynTx signs an EIP-1559 transfer of 1 wei with 21000 gas.
func dynTx(key *ecdsa.PrivateKey, nonce uint64, feeCap, tip int64) *types.Transaction {
	return types.MustSignNewTx(key, testSigner, &types.DynamicFeeTx{
		ChainID: testChainID, Nonce: nonce, GasFeeCap: big.NewInt(feeCap), GasTipCap: big.NewInt(tip),
		Gas: 21000, To: &testTo, Value: big.NewInt(1),
	})
}

// signTx signs arbitrary tx data with the pool's signer.
func signTx(key *ecdsa.PrivateKey, data types.TxData) *types.Transaction {
	return types.MustSignNewTx(key, testSigner, data)
}

// snapshot is everything observable about a pool, for "unchanged" checks.
type snapshot struct {
	pending, queued int
	hashes          []common.Hash
	accounts        map[common.Address][3]string // nonce, pending, spent
}

func takeSnapshot(p *Pool) snapshot {
	p.mu.RLock()
	defer p.mu.RUnlock()
	s := snapshot{pending: p.pending, queued: p.queued, accounts: map[common.Address][3]string{}}
	for h := range p.all {
		s.hashes = append(s.hashes, h)
	}
	sort.Slice(s.hashes, func(i, j int) bool { return bytes.Compare(s.hashes[i][:], s.hashes[j][:]) < 0 })
	for addr, a := range p.accounts {
		s.accounts[addr] = [3]string{
			new(big.Int).SetUint64(a.nonce).String(), big.NewInt(int64(a.pending)).String(), a.spent.Dec(),
		}
	}
	return s
}

// checkInvariants verifies the pool's internal bookkeeping.
func checkInvariants(t testing.TB, p *Pool) {
	t.Helper()
	p.mu.RLock()
	defer p.mu.RUnlock()
	pending, queued, total := 0, 0, 0
	for addr, a := range p.accounts {
		require.NotEmpty(t, a.txs, "empty account %v kept", addr)
		require.LessOrEqual(t, a.pending, p.cfg.AccountSlots)
		var spent uint256.Int
		for i, e := range a.txs {
			require.Equal(t, addr, e.sender)
			require.Same(t, e, p.all[e.hash])
			if i > 0 {
				require.Less(t, a.txs[i-1].nonce, e.nonce, "nonces not sorted")
			}
			if i < a.pending {
				require.Equal(t, a.nonce+uint64(i), e.nonce, "gap inside pending")
			}
			require.GreaterOrEqual(t, e.nonce, a.nonce)
			spent.Add(&spent, &e.cost)
		}
		require.Equal(t, spent.Dec(), a.spent.Dec())
		pending += a.pending
		queued += a.queued()
		total += len(a.txs)
	}
	require.Equal(t, pending, p.pending)
	require.Equal(t, queued, p.queued)
	checkTails(t, p)
	require.Equal(t, total, len(p.all))
	require.LessOrEqual(t, p.pending, p.cfg.GlobalSlots)
}

// drain returns the hashes an Ordered yields, in order.
func drain(o *Ordered) []common.Hash {
	var out []common.Hash
	for tx := o.Peek(); tx != nil; tx = o.Peek() {
		out = append(out, tx.Hash())
		o.Shift()
	}
	return out
}

// byHash returns the two transactions ordered by ascending hash.
func byHash(a, b *types.Transaction) (*types.Transaction, *types.Transaction) {
	if bytes.Compare(a.Hash().Bytes(), b.Hash().Bytes()) < 0 {
		return a, b
	}
	return b, a
}

// checkTails verifies that the eviction index holds exactly each sender's
// current pending and queued tails.
func checkTails(t testing.TB, p *Pool) {
	t.Helper()
	withPending, withQueued := 0, 0
	for _, a := range p.accounts {
		if a.pending > 0 {
			withPending++
			require.Same(t, a.txs[a.pending-1], a.pendingTail.e, "stale pending tail")
			require.True(t, p.tails.pending.Has(a.pendingTail))
		} else {
			require.Nil(t, a.pendingTail.e)
		}
		if a.queued() > 0 {
			withQueued++
			require.Same(t, a.txs[len(a.txs)-1], a.queuedTail.e, "stale queued tail")
			require.True(t, p.tails.queued.Has(a.queuedTail))
		} else {
			require.Nil(t, a.queuedTail.e)
		}
	}
	require.Equal(t, withPending, p.tails.pending.Len())
	require.Equal(t, withQueued, p.tails.queued.Len())
}
