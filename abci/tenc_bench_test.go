package abci

import (
	"crypto/ecdsa"
	"crypto/rand"
	"fmt"
	"math"
	"math/big"
	"syscall"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/testutil/cpuprobe"
	"github.com/hyperion-rollup/hyperion/x/tenc"
	"github.com/hyperion-rollup/hyperion/x/tenc/envelope"
	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
)

// memReader is an in-memory store.Reader.
type memReader map[string][]byte

func (m memReader) Get(key []byte) ([]byte, error) { return m[string(key)], nil }

// benchBlock is one block's threshold work at n validators: an active eon
// from a real DKG, pending envelopes holding signed transfers, and the
// commit-info votes carrying every member's shares for them.
type benchBlock struct {
	view *keeper.View
	ci   *htypes.CommitInfo
	// points is the node's identity-point cache (nil: every identity is
	// hashed, as on a node that saw none of the envelopes before).
	points *tenc.IdentityPoints
}

func newBenchBlock(tb testing.TB, n, envelopes int) *benchBlock {
	eon, secrets := benchEon(tb, n)
	v := keeper.NewView(memReader{})
	v.SetActiveEon(eon)
	keys, err := tenc.EonKeysFromBytes(eon.Keys)
	require.NoError(tb, err)
	user, err := crypto.GenerateKey()
	require.NoError(tb, err)
	var pending []keeper.Pending
	for i := range envelopes {
		pe := benchEnvelope(tb, keys.PublicKey, user, uint64(i))
		require.NoError(tb, v.Include(pe, uint64(i)))
		pending = append(pending, pe)
	}
	ci := &htypes.CommitInfo{Height: 1}
	for m, sk := range secrets {
		ve := &htypes.VoteExtension{}
		for _, pe := range pending {
			share := sk.KeyShare(tenc.Identity(pe.Identity).Point())
			ve.Shares = append(ve.Shares, &htypes.DecryptionShare{EnvelopeHash: pe.Hash.Bytes(), Share: share.Bytes()})
		}
		raw, err := ve.Marshal()
		require.NoError(tb, err)
		ci.Votes = append(ci.Votes, &htypes.ExtendedVote{ValidatorAddress: eon.Members[m].Validator, VoteExtension: raw,
			ExtensionSignature: make([]byte, 64)})
	}
	return &benchBlock{view: v, ci: ci}
}

// benchEon runs an honest DKG among n members and returns the eon and each
// member's secret share (members in address order).
func benchEon(tb testing.TB, n int) (*keeper.Eon, []tenc.SecretKeyShare) {
	privs := make([]*ecdsa.PrivateKey, n)
	pubs := make([]*ecdsa.PublicKey, n)
	members := make([]keeper.Member, n)
	for i := range privs {
		var err error
		privs[i], err = crypto.GenerateKey()
		require.NoError(tb, err)
		pubs[i] = &privs[i].PublicKey
		members[i] = keeper.Member{Validator: []byte{byte(i + 1)}, DKGKey: crypto.CompressPubkey(pubs[i])}
	}
	c, err := tenc.NewCommittee(1, tenc.Threshold(n), pubs)
	require.NoError(tb, err)
	dealings := make([]*tenc.Dealing, n)
	for i := range dealings {
		dealings[i], err = tenc.Deal(nil, c, uint32(i))
		require.NoError(tb, err)
	}
	keys, err := tenc.AggregateDealings(c, dealings)
	require.NoError(tb, err)
	secrets := make([]tenc.SecretKeyShare, n)
	for m := range secrets {
		var mine []tenc.DealtShare
		for _, d := range dealings {
			s, err := tenc.DecryptShare(c, d, uint32(m), privs[m])
			require.NoError(tb, err)
			mine = append(mine, s)
		}
		secrets[m], err = tenc.AggregateSecretShare(uint32(m), mine)
		require.NoError(tb, err)
	}
	return &keeper.Eon{Eon: 1, Keys: keys.Bytes(), Members: members}, secrets
}

// benchEnvelope seals a signed transfer of user into a pending envelope.
func benchEnvelope(tb testing.TB, eonKey tenc.EonPublicKey, user *ecdsa.PrivateKey, nonce uint64) keeper.Pending {
	to := common.Address{0xbe}
	inner := types.MustSignNewTx(user, types.LatestSignerForChainID(big.NewInt(31337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(31337), Nonce: nonce, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e10), Gas: 21_000, To: &to, Value: big.NewInt(1),
	})
	raw, err := inner.MarshalBinary()
	require.NoError(tb, err)
	e := &htypes.EncryptedTx{Eon: 1, EnvelopeNonce: nonce, Salt: make([]byte, tenc.SaltSize), Sender: crypto.PubkeyToAddress(user.PublicKey).Bytes()}
	_, _ = rand.Read(e.Salt)
	id := envelope.Identity(31337, e)
	ct, err := tenc.Encrypt(nil, eonKey, id.Point(), raw)
	require.NoError(tb, err)
	e.Ciphertext = ct.Bytes()
	hash, err := envelope.Hash(31337, e)
	require.NoError(tb, err)
	return keeper.Pending{Hash: hash, Height: 1, Eon: 1, Identity: common.Hash(id), Sender: common.BytesToAddress(e.Sender), Ciphertext: e.Ciphertext}
}

// revealAll is the per-block work of a node: verify every share in one
// batch, combine the keys and decrypt every envelope (deriveReveals does
// all of it, once per block, for ProcessProposal and FinalizeBlock).
func (bb *benchBlock) revealAll(tb testing.TB) derivation {
	d, err := deriveReveals(bb.view, bb.ci, bb.points)
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range d.reveals {
		if r.openErr != nil || r.inner == nil {
			tb.Fatal(r.openErr)
		}
	}
	return d
}

// BenchmarkRevealBlock is share verification (batched), key combination and
// decryption of all envelopes of a block at n = 4, with the vote-extension
// and keys bytes per block. ids=hashed is a node that hashes every identity
// to G1 in the derivation; ids=cached a node whose pool and ExtendVote
// already hashed them (tenc.IdentityPoints). probe-par is the parallelism a
// two-goroutine spin probe saw just before the timed loop (2.0: two idle
// cores), so wall times can be read against the machine's load; min-ms/block
// is the fastest block of the loop, the least disturbed by other processes.
func BenchmarkRevealBlock(b *testing.B) {
	for _, envs := range []int{64, 512} {
		for _, cached := range []bool{false, true} {
			name := fmt.Sprintf("n=4/envelopes=%d/ids=hashed", envs)
			if cached {
				name = fmt.Sprintf("n=4/envelopes=%d/ids=cached", envs)
			}
			b.Run(name, func(b *testing.B) { benchRevealBlock(b, envs, cached) })
		}
	}
}

func benchRevealBlock(b *testing.B, envs int, cached bool) {
	bb := newBenchBlock(b, 4, envs)
	if cached {
		bb.points = &tenc.IdentityPoints{}
	}
	d := bb.revealAll(b) // also fills the cache
	require.Len(b, d.reveals, envs)
	require.Empty(b, d.withheld)
	probe := cpuprobe.Parallelism()
	cpu0 := processCPU(b)
	fastest := time.Duration(math.MaxInt64)
	for b.Loop() {
		start := time.Now()
		bb.revealAll(b)
		fastest = min(fastest, time.Since(start))
	}
	cpu := processCPU(b) - cpu0
	ext, ci, keys := blockBytes(b, bb.ci, d)
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/block")
	b.ReportMetric(float64(fastest.Microseconds())/1000, "min-ms/block")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/block")
	b.ReportMetric(probe, "probe-par")
	b.ReportMetric(float64(ext), "ext-B/validator")
	b.ReportMetric(float64(ci), "commitinfo-B")
	b.ReportMetric(float64(keys), "keys-B")
}

// processCPU is the user and system CPU time this process has used.
func processCPU(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	require.NoError(tb, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// blockBytes is one validator's extension size, the commit-info votes' size
// (all n extensions with signatures) and the decrypted lane's key txs size.
func blockBytes(tb testing.TB, ci *htypes.CommitInfo, d derivation) (ext, commitInfo, keys int) {
	ext = len(ci.Votes[0].VoteExtension)
	commitInfo = ci.Size()
	for _, r := range d.reveals {
		raw, err := (&htypes.Tx{Body: &htypes.Tx_Revealed{Revealed: &htypes.RevealedEnvelope{
			EnvelopeHash: r.p.Hash.Bytes(), Key: r.key.Bytes(),
		}}}).Marshal()
		require.NoError(tb, err)
		keys += len(raw)
	}
	return ext, commitInfo, keys
}

// TestWithheldFindsMissingAndBadShares checks the report on a built block:
// one member's shares dropped, another's replaced by shares for the wrong
// identity; the two others are complete and every key still derives.
func TestWithheldFindsMissingAndBadShares(t *testing.T) {
	bb := newBenchBlock(t, 4, 3)
	d := bb.revealAll(t)
	require.Len(t, d.reveals, 3)
	require.Empty(t, d.withheld)

	bb.ci.Votes[1].VoteExtension = nil // an extension without shares
	ve, err := decodeVE(bb.ci.Votes[2].VoteExtension)
	require.NoError(t, err)
	ve.Shares[0].Share, ve.Shares[1].Share = ve.Shares[1].Share, ve.Shares[0].Share // shares for the wrong identities
	bb.ci.Votes[2].VoteExtension, err = ve.Marshal()
	require.NoError(t, err)
	d, err = deriveReveals(bb.view, bb.ci, nil)
	require.NoError(t, err)
	require.Equal(t, [][]byte{bb.ci.Votes[1].ValidatorAddress, bb.ci.Votes[2].ValidatorAddress}, d.withheld)
	require.Len(t, d.reveals, 1, "only the envelope with 3 valid shares is keyed")
}

// TestCachedIdentityPointsSameDerivation: a derivation whose identity points
// come from the cache (first filled by it, then hit) equals one that hashes.
func TestCachedIdentityPointsSameDerivation(t *testing.T) {
	bb := newBenchBlock(t, 4, 5)
	plain := bb.revealAll(t)
	bb.points = &tenc.IdentityPoints{}
	for round := range 2 {
		d := bb.revealAll(t)
		require.Len(t, d.reveals, len(plain.reveals))
		for i := range d.reveals {
			require.True(t, d.reveals[i].key.Equal(plain.reveals[i].key), "round %d envelope %d", round, i)
			require.Equal(t, plain.reveals[i].inner.Hash(), d.reveals[i].inner.Hash())
		}
	}
	hits, misses := bb.points.Stats()
	require.Equal(t, uint64(5), misses)
	require.Equal(t, uint64(5), hits)
}

func decodeVE(raw []byte) (*htypes.VoteExtension, error) {
	var ve htypes.VoteExtension
	return &ve, ve.Unmarshal(raw)
}

// TestRevealDerivedOncePerBlock: identities are hashed to G1 once, when
// the envelopes enter the pool; the proposer derives the keys in
// PrepareProposal; another proposal with the same commit info (here a
// reordered, rejected one) and FinalizeBlock of a block ProcessProposal did
// not accept reuse that derivation instead of verifying and decrypting again.
func TestRevealDerivedOncePerBlock(t *testing.T) {
	h := newThresholdHarness(t)
	for h.activeEon() == nil {
		h.step()
	}
	for user := range 2 {
		e, _ := h.sealTransfer(user, 0, common.Address{0xd1})
		_, err := h.app.SendEnvelope(e)
		require.NoError(t, err)
	}
	points := &h.app.envelopes.points
	require.Equal(t, 2, points.Len(), "the pool hashed both identities")
	hits0, misses0 := points.Stats()
	h.step()
	before := h.app.envelopes.derived.computed
	next := h.prepare()
	hits, misses := points.Stats()
	require.Equal(t, misses0, misses, "ExtendVote and the derivation hash no identity again")
	require.GreaterOrEqual(t, hits-hits0, uint64(4), "ExtendVote's shares and the derivation use the cached points")
	require.Equal(t, []string{"system", "revealed", "revealed"}, bodyKinds(t, next))
	require.Equal(t, before+1, h.app.envelopes.derived.computed)
	swapped := [][]byte{next[0], next[2], next[1]}
	require.Equal(t, abcitypes.ResponseProcessProposal_REJECT, h.process(swapped))
	res := h.commit(next) // FinalizeBlock without an accepted ProcessProposal
	for _, r := range res.TxResults {
		require.Equal(t, uint32(0), r.Code)
	}
	require.Equal(t, before+1, h.app.envelopes.derived.computed, "derived once for the height")
	require.Equal(t, big.NewInt(14), h.balance(common.Address{0xd1}).ToBig())
}

// TestBadShareAmong512Envelopes: one member's share for one envelope is
// replaced by its share for another envelope. The batch check fails, the
// bad share alone is found, its envelope still opens from the three other
// shares (a subset whose Lagrange coefficients need a division), and only
// that member is reported.
func TestBadShareAmong512Envelopes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 512 envelopes")
	}
	bb := newBenchBlock(t, 4, 512)
	honest := bb.revealAll(t)
	ve, err := decodeVE(bb.ci.Votes[0].VoteExtension)
	require.NoError(t, err)
	ve.Shares[300].Share = ve.Shares[301].Share
	bb.ci.Votes[0].VoteExtension, err = ve.Marshal()
	require.NoError(t, err)
	d := bb.revealAll(t)
	require.Len(t, d.reveals, 512)
	require.Equal(t, [][]byte{bb.ci.Votes[0].ValidatorAddress}, d.withheld)
	for i := range d.reveals {
		require.True(t, d.reveals[i].key.Equal(honest.reveals[i].key), "envelope %d", i)
		require.Equal(t, honest.reveals[i].inner.Hash(), d.reveals[i].inner.Hash())
	}
}
