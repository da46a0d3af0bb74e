package batcher

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"math/rand"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/rollup/attest"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/bls"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
	"github.com/hyperion-rollup/hyperion/rollup/l1"
)

// chainFixture is committed L2 block data for the batcher to read: user txs of random bytes, and in block
// E+2 after each batch end E the commit-info tx carrying the validators' extensions of height E+1,
// produced by real attest.Signers.
type chainFixture struct {
	blocks map[int64]*abcitypes.RequestFinalizeBlock
	rng    *rand.Rand
	txs    int // user txs per block
}

func (c *chainFixture) FinalizeInputs(h int64) (*abcitypes.RequestFinalizeBlock, error) {
	if b, ok := c.blocks[h]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("no block %d", h)
}

func (c *chainFixture) add(h int64, first []byte) {
	req := &abcitypes.RequestFinalizeBlock{Height: h, Time: time.Unix(1_700_000_000+h, 0).UTC(), ProposerAddress: make([]byte, 20)}
	if first != nil {
		req.Txs = append(req.Txs, first)
	}
	for i := 0; i < c.txs; i++ {
		tx := make([]byte, 110) // about a signed transfer
		c.rng.Read(tx[:70])     // signature and addresses: incompressible
		req.Txs = append(req.Txs, tx)
	}
	c.blocks[h] = req
}

type validator struct {
	sk     *bls.SecretKey
	signer *attest.Signer
}

type harness struct {
	t      *testing.T
	sim    *simulated.Backend
	chain  *chainFixture
	params batch.Params
	vals   []validator // in L1 set order
	keys   []*bls.PublicKey
	dom    attest.Domain
	dep    *contracts.Deployment
	l1keys []*ecdsa.PrivateKey
	height int64
	cuts   *batch.Builder // decides where batches end, as every validator does
}

type staticDomain struct{ d attest.Domain }

func (s staticDomain) Domain() (attest.Domain, bool) { return s.d, true }

func newHarness(t *testing.T, p batch.Params, txsPerBlock int) *harness {
	h := &harness{t: t, params: p, chain: &chainFixture{blocks: map[int64]*abcitypes.RequestFinalizeBlock{}, rng: rand.New(rand.NewSource(2)), txs: txsPerBlock}}
	alloc := types.GenesisAlloc{}
	for i := 0; i < 5; i++ {
		k, _ := crypto.GenerateKey()
		h.l1keys = append(h.l1keys, k)
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))}
	}
	h.sim = l1.NewSimulated(alloc)
	t.Cleanup(func() { _ = h.sim.Close() })
	var sks []*bls.SecretKey
	var pubs []*bls.PublicKey
	for i := 0; i < 4; i++ {
		sk, err := attest.KeyFromSeed(crypto.Keccak256([]byte{byte(i)}))
		require.NoError(t, err)
		sks, pubs = append(sks, sk), append(pubs, sk.PublicKey())
	}
	sorted, err := contracts.SortKeys(pubs)
	require.NoError(t, err)
	h.keys = sorted
	h.deploy(sks)
	h.cuts = h.newBuilder()
	for _, k := range sorted {
		for _, sk := range sks {
			if sk.PublicKey().Equal(k) {
				h.vals = append(h.vals, validator{sk: sk, signer: attest.NewSigner(sk, h.newBuilder(), staticDomain{h.dom})})
			}
		}
	}
	return h
}

func (h *harness) deploy(sks []*bls.SecretKey) {
	var proofs []*bls.Signature
	for _, k := range h.keys {
		for _, sk := range sks {
			if sk.PublicKey().Equal(k) {
				pop, err := sk.ProvePossession()
				require.NoError(h.t, err)
				proofs = append(proofs, pop)
			}
		}
	}
	chainID := params.AllDevChainProtocolChanges.ChainID
	dep, err := contracts.Deploy(bind.NewKeyedTransactor(h.l1keys[4], chainID), h.sim.Client(), contracts.DeployConfig{
		GenesisKeys: contracts.ConcatKeys(h.keys), GenesisProofs: contracts.ConcatSignatures(proofs),
		Challenger: crypto.PubkeyToAddress(h.l1keys[4].PublicKey), OutputBond: big.NewInt(1e17), ChallengeWindow: 60,
	})
	require.NoError(h.t, err)
	require.NoError(h.t, l1.MineSuccess(context.Background(), h.sim, dep.Txs...))
	h.dep = dep
	h.dom = attest.Domain{ChainID: chainID, Inbox: dep.BatchInbox, SetHash: contracts.SetHash(h.keys)}
}

func (h *harness) newBuilder() *batch.Builder {
	a, err := batch.OpenArchive(h.t.TempDir())
	require.NoError(h.t, err)
	b, err := batch.NewBuilder(h.params, h.chain, a)
	require.NoError(h.t, err)
	return b
}

// advance commits L2 blocks up to height; signers (the first `signing` validators) attest at boundaries:
// block h records the extensions of height h-1, which sign the batch ending at h-1-SignDelay.
func (h *harness) advance(to int64, signing int) {
	for h.height < to {
		h.height++
		var first []byte
		if ext := h.height - 1; ext > attest.SignDelay {
			_, ok, err := h.cuts.EndingAt(uint64(ext - attest.SignDelay))
			require.NoError(h.t, err)
			if ok {
				first = h.commitInfo(ext, signing)
			}
		}
		h.chain.add(h.height, first)
	}
}

func (h *harness) commitInfo(extHeight int64, signing int) []byte {
	ci := &htypes.CommitInfo{Height: extHeight}
	for i := 0; i < signing; i++ {
		sig, err := h.vals[i].signer.AttestBatch(extHeight)
		require.NoError(h.t, err)
		require.NotNil(h.t, sig)
		bz, err := (&htypes.VoteExtension{BatchSignature: sig}).Marshal()
		require.NoError(h.t, err)
		ci.Votes = append(ci.Votes, &htypes.ExtendedVote{ValidatorAddress: []byte{byte(i)}, VoteExtension: bz, ExtensionSignature: []byte{1}})
	}
	tx := &htypes.Tx{Body: &htypes.Tx_System{System: &htypes.SystemTx{Body: &htypes.SystemTx_CommitInfo{CommitInfo: ci}}}}
	bz, err := tx.Marshal()
	require.NoError(h.t, err)
	return bz
}

func (h *harness) batcher(i int, timeout time.Duration) *Batcher {
	b, err := New(Config{
		Inbox: h.dep.BatchInbox, Key: h.l1keys[i], Self: h.keys[i], SetKeys: h.keys, Domain: h.dom,
		Timeout: timeout, BlobFeeCap: big.NewInt(params.GWei),
	}, h.sim.Client(), h.newBuilder(), h.chain)
	require.NoError(h.t, err)
	return b
}

func (h *harness) mined(tx *types.Transaction) *types.Receipt {
	r, err := l1.MineReceipt(context.Background(), h.sim, tx.Hash())
	require.NoError(h.t, err)
	require.Equal(h.t, types.ReceiptStatusSuccessful, r.Status)
	return r
}

func TestPostCalldataTurnsAndNoDoublePost(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, batch.Params{Interval: 8, Codec: batch.CodecZstd, Medium: batch.MediumCalldata}, 40)
	b0, b1 := h.batcher(0, time.Minute), h.batcher(1, time.Minute)
	h.advance(10, 4)
	_, err := b0.Step(ctx, uint64(h.height), time.Now())
	require.ErrorIs(t, err, ErrNotReady, "batch 0 is recorded in block 11")
	h.advance(11, 4)
	now := time.Now()
	_, err = b1.Step(ctx, uint64(h.height), now)
	require.ErrorIs(t, err, ErrNotMyTurn)
	tx, err := b0.Step(ctx, uint64(h.height), now)
	require.NoError(t, err)
	r := h.mined(tx)
	t.Logf("calldata batch of %d L2 txs: %d bytes payload, L1 gas %d = %.0f gas per L2 tx", 8*40, len(tx.Data()), r.GasUsed, float64(r.GasUsed)/(8*40))
	next, err := b0.NextIndex(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), next)

	// A replay of batch 0 is refused before it is sent.
	_, err = b1.Post(ctx, 0)
	require.Error(t, err)

	// Batch 1: its leader (position 1) does not post; after the timeout position 2 does.
	h.advance(19, 4)
	b2 := h.batcher(2, time.Minute)
	_, err = b2.Step(ctx, uint64(h.height), now)
	require.ErrorIs(t, err, ErrNotMyTurn)
	tx, err = b2.Step(ctx, uint64(h.height), now.Add(61*time.Second))
	require.NoError(t, err)
	h.mined(tx)
	next, err = b2.NextIndex(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(2), next)
	// The verifier's view: the L1 batch hash equals every node's header.
	hdr, err := h.vals[3].signer.Builder().Header(1)
	require.NoError(t, err)
	onL1, err := bind.Call(b2.bound, nil, b2.inbox.PackBatchHashes(1), b2.inbox.UnpackBatchHashes)
	require.NoError(t, err)
	require.Equal(t, hdr.Hash(), common.Hash(onL1))
}

func TestBelowQuorumIsNotPosted(t *testing.T) {
	h := newHarness(t, batch.Params{Interval: 4, Codec: batch.CodecZstd, Medium: batch.MediumCalldata}, 5)
	h.advance(7, 2) // 2 of 4 signed: the contract needs 3
	_, err := h.batcher(0, time.Minute).Post(context.Background(), 0)
	require.ErrorIs(t, err, attest.ErrBelowQuorum)
}

func TestPostBlobs(t *testing.T) {
	if testing.Short() {
		t.Skip("KZG setup and cell proofs take seconds")
	}
	h := newHarness(t, batch.Params{Interval: 8, Codec: batch.CodecZstd, Medium: batch.MediumBlobs}, 40)
	h.advance(11, 3)
	tx, err := h.batcher(0, time.Minute).Step(context.Background(), uint64(h.height), time.Now())
	require.NoError(t, err)
	r := h.mined(tx)
	require.Len(t, tx.BlobHashes(), 1)
	t.Logf("blob batch of %d L2 txs: L1 gas %d (%.0f per L2 tx) + %d blob gas", 8*40, r.GasUsed, float64(r.GasUsed)/(8*40), r.BlobGasUsed)
}

// TestPostSizeCutBatches posts batches of blocks too large for Interval of them to fit in calldata: the
// builders cut them by size, every validator signs the same headers, and the inbox accepts them in order.
func TestPostSizeCutBatches(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, batch.Params{Interval: 32, Codec: batch.CodecZstd, Medium: batch.MediumCalldata}, 500)
	var posters []*Batcher
	for i := range h.vals {
		posters = append(posters, h.batcher(i, time.Minute))
	}
	posted := 0
	for h.height < 40 && posted < 4 {
		h.advance(h.height+1, 4)
		for _, b := range posters {
			tx, err := b.Step(ctx, uint64(h.height), time.Now())
			if errors.Is(err, ErrNotReady) || errors.Is(err, ErrNotMyTurn) || tx == nil {
				continue
			}
			require.NoError(t, err)
			h.mined(tx)
			require.LessOrEqual(t, tx.Size(), uint64(128<<10), "L1 pools refuse larger transactions")
			posted++
		}
	}
	next, err := posters[0].NextIndex(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(4), next)
	first := uint64(1)
	for i := uint64(0); i < next; i++ {
		hdr, err := h.vals[0].signer.Builder().Header(i)
		require.NoError(t, err)
		require.Equal(t, first, hdr.First)
		require.Less(t, hdr.Last-hdr.First+1, uint64(32), "batch %d was cut by size", i)
		t.Logf("batch %d: blocks %d..%d", i, hdr.First, hdr.Last)
		first = hdr.Last + 1
	}
}
