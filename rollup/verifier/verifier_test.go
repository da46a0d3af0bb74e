package verifier

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/rollup/attest"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/bls"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
	"github.com/hyperion-rollup/hyperion/rollup/l1"
)

// contentExecutor derives a block's roots from its content, so any change of content changes them.
type contentExecutor struct{ heights []uint64 }

func (e *contentExecutor) Execute(b *batch.Block) (common.Hash, common.Hash, error) {
	e.heights = append(e.heights, b.Height)
	h := crypto.Keccak256Hash(new(big.Int).SetUint64(b.Height).Bytes(), crypto.Keccak256(b.Txs...))
	return h, crypto.Keccak256Hash(h[:]), nil
}

type fixture struct {
	t    *testing.T
	sim  *simulated.Backend
	dep  *contracts.Deployment
	key  *ecdsa.PrivateKey
	sk   *bls.SecretKey
	prev common.Hash
}

func newFixture(t *testing.T) *fixture {
	f := &fixture{t: t}
	f.key, _ = crypto.GenerateKey()
	f.sim = l1.NewSimulated(types.GenesisAlloc{crypto.PubkeyToAddress(f.key.PublicKey): {Balance: new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))}})
	t.Cleanup(func() { _ = f.sim.Close() })
	var err error
	f.sk, err = attest.KeyFromSeed(crypto.Keccak256([]byte("v")))
	require.NoError(t, err)
	pop, err := f.sk.ProvePossession()
	require.NoError(t, err)
	f.dep, err = contracts.Deploy(f.opts(), f.sim.Client(), contracts.DeployConfig{
		GenesisKeys: contracts.ConcatKeys([]*bls.PublicKey{f.sk.PublicKey()}), GenesisProofs: contracts.ConcatSignatures([]*bls.Signature{pop}),
		Challenger: crypto.PubkeyToAddress(f.key.PublicKey), OutputBond: big.NewInt(1e15), ChallengeWindow: 60,
	})
	require.NoError(t, err)
	require.NoError(t, l1.MineSuccess(context.Background(), f.sim, f.dep.Txs...))
	return f
}

func (f *fixture) opts() *bind.TransactOpts {
	return bind.NewKeyedTransactor(f.key, l1.ChainConfig().ChainID)
}

// params are the fixture chain's batch parameters.
var params = batch.Params{Interval: 3, Codec: batch.CodecZstd, Medium: batch.MediumCalldata}

// blocks returns blocks [first, first+n) with a few txs each.
func blocks(first uint64, n int) []*batch.Block {
	var out []*batch.Block
	for h := first; h < first+uint64(n); h++ {
		out = append(out, &batch.Block{Height: h, Time: h * 1e9, Txs: [][]byte{{byte(h), 1}, {byte(h), 2}}})
	}
	return out
}

// post seals blocks [first, first+n) and posts them as calldata batch index.
func (f *fixture) post(index, first uint64, n int) {
	s, err := batch.Seal(&batch.Batch{Index: index, Blocks: blocks(first, n)}, f.prev, params)
	require.NoError(f.t, err)
	f.postRaw(s.Header, s.Payload)
}

// postRaw posts payload under header, signed by the set whatever it holds.
func (f *fixture) postRaw(h batch.Header, payload []byte) {
	h.Medium, h.DataHash = batch.MediumCalldata, contracts.CalldataDataHash(payload)
	d := attest.Domain{ChainID: l1.ChainConfig().ChainID, Inbox: f.dep.BatchInbox, SetHash: contracts.SetHash([]*bls.PublicKey{f.sk.PublicKey()})}
	digest := d.Digest(h.Hash())
	sig, err := f.sk.Sign(digest[:])
	require.NoError(f.t, err)
	att := contracts.BatchInboxAttestation{Keys: f.sk.PublicKey().EIP2537(), Signers: big.NewInt(1), Signature: sig.EIP2537()}
	in := contracts.NewBatchInbox()
	tx, err := in.Instance(f.sim.Client(), f.dep.BatchInbox).RawTransact(f.opts(), in.PackSubmitCalldataBatch(h.Inbox(), payload, att))
	require.NoError(f.t, err)
	require.NoError(f.t, l1.MineSuccess(context.Background(), f.sim, tx))
	f.prev = h.Hash()
}

func (f *fixture) config() Config {
	return Config{Inbox: f.dep.BatchInbox, Oracle: f.dep.OutputOracle, Params: params}
}

// propose posts the output of block h as exec computes it, with stateRoot replaced when lie is set.
func (f *fixture) propose(h uint64, txs [][]byte, lie bool) {
	root, hash, _ := (&contentExecutor{}).Execute(&batch.Block{Height: h, Txs: txs})
	if lie {
		root[0] ^= 1
	}
	o := contracts.NewOutputOracle()
	opts := f.opts()
	opts.Value = big.NewInt(1e15)
	tx, err := o.Instance(f.sim.Client(), f.dep.OutputOracle).RawTransact(opts, o.PackPropose(h, root, hash, WithdrawalsRoot))
	require.NoError(f.t, err)
	require.NoError(f.t, l1.MineSuccess(context.Background(), f.sim, tx))
}

func TestVerifyRebuildsFromCalldata(t *testing.T) {
	f := newFixture(t)
	f.post(0, 1, 3)
	f.post(1, 4, 3)
	f.propose(3, [][]byte{{3, 1}, {3, 2}}, false)
	f.propose(6, [][]byte{{6, 1}, {6, 2}}, false)
	exec := &contentExecutor{}
	rep, err := Verify(context.Background(), f.sim.Client(), f.config(), exec)
	require.NoError(t, err)
	require.Equal(t, 2, rep.Batches)
	require.Equal(t, 6, rep.Blocks)
	require.Equal(t, 2, rep.Outputs)
	require.Equal(t, uint64(6), rep.LastBlock)
	require.Equal(t, []uint64{1, 2, 3, 4, 5, 6}, exec.heights)
	require.Equal(t, map[string]int{"calldata from L1": 2}, rep.Media)
	require.Equal(t, 12, rep.Txs)
	require.False(t, rep.CutPending, "both batches are full")
}

func TestVerifyRejectsWrongOutput(t *testing.T) {
	f := newFixture(t)
	f.post(0, 1, 3)
	f.post(1, 4, 3)
	f.propose(3, [][]byte{{3, 1}, {3, 2}}, false)
	f.propose(6, [][]byte{{6, 1}, {6, 2}}, true)
	rep, err := Verify(context.Background(), f.sim.Client(), f.config(), &contentExecutor{})
	require.ErrorIs(t, err, ErrOutputMismatch)
	require.Equal(t, 1, rep.Outputs, "the first output matched")
}

func TestCheckBlobsRejectsForeignBlobs(t *testing.T) {
	if testing.Short() {
		t.Skip("KZG trusted setup takes seconds")
	}
	blobs, err := batch.ToBlobs([]byte{1, 2, 3})
	require.NoError(t, err)
	_, hashes, err := batch.Commitments(blobs)
	require.NoError(t, err)
	require.NoError(t, checkBlobs(blobs, hashes))
	other, err := batch.ToBlobs([]byte{9})
	require.NoError(t, err)
	require.ErrorIs(t, checkBlobs(other, hashes), ErrBadBatchData)
	require.ErrorIs(t, checkBlobs(nil, hashes), ErrBadBatchData)
}
