package contracts

import (
	"context"
	"crypto/sha256"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

// blobSidecar builds a version-1 sidecar (cell proofs) of one blob whose field elements hold seed.
func blobSidecar(t *testing.T, seed byte) *types.BlobTxSidecar {
	t.Helper()
	var blob kzg4844.Blob
	for i := 0; i < len(blob); i += 32 {
		blob[i+1] = seed // byte 0 of each element stays zero: below the BLS modulus
		blob[i+2] = byte(i / 32)
	}
	commit, err := kzg4844.BlobToCommitment(&blob)
	require.NoError(t, err)
	proofs, err := kzg4844.ComputeCellProofs(&blob)
	require.NoError(t, err)
	return types.NewBlobTxSidecar(types.BlobSidecarVersion1, []kzg4844.Blob{blob}, []kzg4844.Commitment{commit}, proofs)
}

func TestBlobBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("KZG setup and cell proofs take seconds")
	}
	e := newEnv(t, 4)
	sc := blobSidecar(t, 0x42)
	vhs := sc.BlobHashes()
	require.Equal(t, common.Hash(kzg4844.CalcBlobHashV1(sha256.New(), &sc.Commitments[0])), vhs[0])

	h := BatchInboxBatchHeader{Index: 0, FirstBlock: 1, LastBlock: 8}
	digest := BatchDigest(e.chainID, e.dep.BatchInbox, SetHash(e.keys), BatchHash(h, MediumBlobs, BlobDataHash(vhs)))
	sig, bitmap := sign(t, e.sks, []int{0, 1, 2}, digest)
	data := e.inboxABI.PackSubmitBlobBatch(h, BatchInboxAttestation{Keys: ConcatKeys(e.keys), Signers: bitmap, Signature: sig})

	// Without blobs the same call is refused.
	require.Equal(t, "NoBlobs", e.inboxRevert(data))
	// BLOBHASH is simulated by eth_call with the versioned hashes: a different blob breaks the signature.
	other := blobSidecar(t, 0x43).BlobHashes()
	_, err := e.sim.Client().CallContract(context.Background(), ethereum.CallMsg{
		From: e.deployer.From, To: &e.dep.BatchInbox, Data: data, BlobHashes: other,
	}, nil)
	require.Error(t, err)
	require.Equal(t, "BadSignature", errorName(t, err, e.allErrors()))

	tx := e.blobTx(data, sc)
	require.NoError(t, e.sim.Client().SendTransaction(context.Background(), tx))
	e.sim.Commit()
	r := e.receipt("submitBlobBatch (1 blob, 4 keys, 3 signers)", tx)
	require.EqualValues(t, 131072, r.BlobGasUsed)
	require.Len(t, r.Logs, 1)
	ev, err := e.inboxABI.UnpackBatchAppendedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, MediumBlobs, ev.Medium)
	require.Equal(t, BlobDataHash(vhs), common.Hash(ev.DataHash))
	require.Equal(t, [][32]byte{vhs[0]}, ev.BlobHashes)
}

func (e *env) blobTx(data []byte, sc *types.BlobTxSidecar) *types.Transaction {
	e.t.Helper()
	ctx := context.Background()
	client := e.sim.Client()
	nonce, err := client.PendingNonceAt(ctx, e.deployer.From)
	require.NoError(e.t, err)
	tip, err := client.SuggestGasTipCap(ctx)
	require.NoError(e.t, err)
	head, err := client.HeaderByNumber(ctx, nil)
	require.NoError(e.t, err)
	feeCap := new(uint256.Int).Add(uint256.MustFromBig(tip), uint256.MustFromBig(head.BaseFee))
	feeCap.Mul(feeCap, uint256.NewInt(2))
	tx := types.NewTx(&types.BlobTx{
		ChainID: uint256.MustFromBig(e.chainID), Nonce: nonce, GasTipCap: uint256.MustFromBig(tip), GasFeeCap: feeCap,
		Gas: 1_000_000, To: e.dep.BatchInbox, Value: new(uint256.Int), Data: data,
		BlobFeeCap: uint256.NewInt(1_000_000_000), BlobHashes: sc.BlobHashes(), Sidecar: sc,
	})
	signed, err := e.deployer.Signer(e.deployer.From, tx)
	require.NoError(e.t, err)
	return signed
}

// TestBlobBatchOsakaLimit: a batch of params.BlobTxMaxBlobs (6) blobs lands (its gas is the L1 execution
// cost of a full batch); one blob more is refused by L1 itself under Osaka (EIP-7594), whatever
// BatchInbox.MAX_BLOBS allows, so the batcher's payload limit is 6 blobs.
func TestBlobBatchOsakaLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("cell proofs of 7 blobs take seconds")
	}
	e := newEnv(t, 4)
	var sidecars []*types.BlobTxSidecar
	for i := 0; i <= params.BlobTxMaxBlobs; i++ {
		sidecars = append(sidecars, blobSidecar(t, byte(i)))
	}
	join := func(scs []*types.BlobTxSidecar) *types.BlobTxSidecar {
		var blobs []kzg4844.Blob
		var commits []kzg4844.Commitment
		var proofs []kzg4844.Proof
		for _, sc := range scs {
			blobs, commits, proofs = append(blobs, sc.Blobs...), append(commits, sc.Commitments...), append(proofs, sc.Proofs...)
		}
		return types.NewBlobTxSidecar(types.BlobSidecarVersion1, blobs, commits, proofs)
	}
	post := func(sc *types.BlobTxSidecar) (*types.Transaction, error) {
		h := BatchInboxBatchHeader{Index: 0, FirstBlock: 1, LastBlock: 8}
		digest := BatchDigest(e.chainID, e.dep.BatchInbox, SetHash(e.keys), BatchHash(h, MediumBlobs, BlobDataHash(sc.BlobHashes())))
		sig, bitmap := sign(t, e.sks, []int{0, 1, 2}, digest)
		tx := e.blobTx(e.inboxABI.PackSubmitBlobBatch(h, BatchInboxAttestation{Keys: ConcatKeys(e.keys), Signers: bitmap, Signature: sig}), sc)
		return tx, e.sim.Client().SendTransaction(context.Background(), tx)
	}
	_, err := post(join(sidecars))
	require.Error(t, err, "a 7-blob transaction is invalid under Osaka")
	tx, err := post(join(sidecars[:params.BlobTxMaxBlobs]))
	require.NoError(t, err)
	e.sim.Commit()
	r := e.receipt("submitBlobBatch (6 blobs, 4 keys, 3 signers)", tx)
	require.EqualValues(t, params.BlobTxMaxBlobs*131072, r.BlobGasUsed)
}
