package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/rollup/l1"
)

// batch builds the calldata of a calldata batch signed by signers (positions in the current set).
func (e *env) calldataBatch(h BatchInboxBatchHeader, data []byte, signers []int) []byte {
	e.t.Helper()
	setHash := SetHash(e.keys)
	digest := BatchDigest(e.chainID, e.dep.BatchInbox, setHash, BatchHash(h, MediumCalldata, CalldataDataHash(data)))
	sig, bitmap := sign(e.t, e.sks, signers, digest)
	return e.inboxABI.PackSubmitCalldataBatch(h, data, BatchInboxAttestation{Keys: ConcatKeys(e.keys), Signers: bitmap, Signature: sig})
}

func (e *env) inboxRevert(data []byte) string {
	return e.revert(e.deployer.From, e.dep.BatchInbox, nil, data, e.allErrors())
}

func TestDigestsMatchContracts(t *testing.T) {
	e := newEnv(t, 4)
	h := BatchInboxBatchHeader{Index: 3, FirstBlock: 10, LastBlock: 20, PrevBatchHash: common.Hash{1}}
	dataHash := common.Hash{2}
	got := callHash(t, e.inbox, e.inboxABI.PackBatchHash(h, MediumBlobs, dataHash), e.inboxABI.UnpackBatchHash)
	require.Equal(t, BatchHash(h, MediumBlobs, dataHash), got)
	bh := BatchHash(h, MediumBlobs, dataHash)
	got = callHash(t, e.inbox, e.inboxABI.PackBatchDigest(bh), e.inboxABI.UnpackBatchDigest)
	require.Equal(t, BatchDigest(e.chainID, e.dep.BatchInbox, SetHash(e.keys), bh), got)
	got = callHash(t, e.set, e.setABI.PackSetHash(), e.setABI.UnpackSetHash)
	require.Equal(t, SetHash(e.keys), got)
	newHash := common.Hash{9}
	got = callHash(t, e.set, e.setABI.PackChangeDigest(newHash, 77), e.setABI.UnpackChangeDigest)
	require.Equal(t, SetChangeDigest(e.chainID, e.dep.SequencerSet, SetHash(e.keys), newHash, 77), got)
	got = callHash(t, e.oracle, e.oracleABI.PackComputeOutputRoot(common.Hash{1}, common.Hash{2}, common.Hash{3}),
		e.oracleABI.UnpackComputeOutputRoot)
	require.Equal(t, OutputRoot(common.Hash{1}, common.Hash{2}, common.Hash{3}), got)
	got = callHash(t, e.set, e.setABI.PackSETCHANGETAG(), e.setABI.UnpackSETCHANGETAG)
	require.Equal(t, SetChangeTag, got)
	got = callHash(t, e.inbox, e.inboxABI.PackBATCHTAG(), e.inboxABI.UnpackBATCHTAG)
	require.Equal(t, BatchTag, got)
}

func TestCalldataBatchChain(t *testing.T) {
	e := newEnv(t, 4)
	quorum := []int{0, 1, 3} // 3 of 4 > 2/3
	h0 := BatchInboxBatchHeader{Index: 0, FirstBlock: 1, LastBlock: 10}
	data0 := []byte("batch zero: blocks 1..10")

	// Below quorum: 2 of 4 is exactly one half.
	require.Equal(t, "BelowQuorum", e.inboxRevert(e.calldataBatch(h0, data0, []int{0, 2})))
	// Quorum accepted.
	e.send("submitCalldataBatch (4 keys, 3 signers)", e.inbox, e.deployer, nil, e.calldataBatch(h0, data0, quorum))
	h0Hash := BatchHash(h0, MediumCalldata, CalldataDataHash(data0))
	last := callHash(t, e.inbox, e.inboxABI.PackLastBatchHash(), e.inboxABI.UnpackLastBatchHash)
	require.Equal(t, h0Hash, last)

	// Replay of the accepted batch, also as a mined transaction.
	replay := e.calldataBatch(h0, data0, quorum)
	require.Equal(t, "BatchIndexUsed", e.inboxRevert(replay))
	e.requireMinedRevert(e.dep.BatchInbox, replay)

	// Gap: index 2 before index 1.
	h2 := BatchInboxBatchHeader{Index: 2, FirstBlock: 11, LastBlock: 20, PrevBatchHash: h0Hash}
	require.Equal(t, "BatchIndexGap", e.inboxRevert(e.calldataBatch(h2, data0, quorum)))
	// Fork: right index, wrong parent.
	fork := BatchInboxBatchHeader{Index: 1, FirstBlock: 11, LastBlock: 20, PrevBatchHash: common.Hash{0xbb}}
	require.Equal(t, "PrevBatchHashMismatch", e.inboxRevert(e.calldataBatch(fork, data0, quorum)))
	// L2 block gap and empty range.
	skip := BatchInboxBatchHeader{Index: 1, FirstBlock: 12, LastBlock: 20, PrevBatchHash: h0Hash}
	require.Equal(t, "BlockRangeGap", e.inboxRevert(e.calldataBatch(skip, data0, quorum)))
	empty := BatchInboxBatchHeader{Index: 1, FirstBlock: 11, LastBlock: 10, PrevBatchHash: h0Hash}
	require.Equal(t, "EmptyBlockRange", e.inboxRevert(e.calldataBatch(empty, data0, quorum)))

	// Signed by a quorum, but over different data than submitted.
	h1 := BatchInboxBatchHeader{Index: 1, FirstBlock: 11, LastBlock: 20, PrevBatchHash: h0Hash}
	require.Equal(t, "BadSignature", e.inboxRevert(e.swapData(h1, []byte("signed data"), []byte("posted data"), quorum)))
	// A bitmap naming signers other than those who signed.
	require.Equal(t, "BadSignature", e.inboxRevert(e.wrongBitmap(h1, data0, quorum, []int{0, 1, 2})))

	e.send("submitCalldataBatch (4 keys, 4 signers)", e.inbox, e.deployer, nil, e.calldataBatch(h1, data0, []int{0, 1, 2, 3}))
	next, err := bind.Call(e.inbox, nil, e.inboxABI.PackNextIndex(), e.inboxABI.UnpackNextIndex)
	require.NoError(t, err)
	require.EqualValues(t, 2, next)
}

// swapData signs signedData but submits postedData.
func (e *env) swapData(h BatchInboxBatchHeader, signedData, postedData []byte, signers []int) []byte {
	digest := BatchDigest(e.chainID, e.dep.BatchInbox, SetHash(e.keys), BatchHash(h, MediumCalldata, CalldataDataHash(signedData)))
	sig, bitmap := sign(e.t, e.sks, signers, digest)
	return e.inboxABI.PackSubmitCalldataBatch(h, postedData, BatchInboxAttestation{Keys: ConcatKeys(e.keys), Signers: bitmap, Signature: sig})
}

// wrongBitmap signs with signers but claims claimed.
func (e *env) wrongBitmap(h BatchInboxBatchHeader, data []byte, signers, claimed []int) []byte {
	digest := BatchDigest(e.chainID, e.dep.BatchInbox, SetHash(e.keys), BatchHash(h, MediumCalldata, CalldataDataHash(data)))
	sig, _ := sign(e.t, e.sks, signers, digest)
	bitmap, err := SignerBitmap(len(e.keys), claimed)
	require.NoError(e.t, err)
	return e.inboxABI.PackSubmitCalldataBatch(h, data, BatchInboxAttestation{Keys: ConcatKeys(e.keys), Signers: bitmap, Signature: sig})
}

// requireMinedRevert mines a transaction with a fixed gas limit and requires it failed on chain.
func (e *env) requireMinedRevert(to common.Address, data []byte) {
	e.t.Helper()
	o := *e.deployer
	o.GasLimit = 2_000_000
	c := bind.NewBoundContract(to, e.inboxABI.GetABI(), e.sim.Client(), e.sim.Client(), e.sim.Client())
	tx, err := c.RawTransact(&o, data)
	require.NoError(e.t, err)
	r, err := l1.MineReceipt(e.t.Context(), e.sim, tx.Hash())
	require.NoError(e.t, err)
	require.Equal(e.t, uint64(0), r.Status)
}

func TestSignerBitmapBounds(t *testing.T) {
	_, err := SignerBitmap(4, []int{4})
	require.ErrorIs(t, err, ErrSignerIndex)
	b, err := SignerBitmap(4, []int{0, 3})
	require.NoError(t, err)
	require.Equal(t, big.NewInt(9), b)
	require.Equal(t, 3, QuorumSize(4))
	require.Equal(t, 3, QuorumSize(3))
	require.Equal(t, 67, QuorumSize(99))
	require.Equal(t, 67, QuorumSize(100))
	require.Equal(t, 1, QuorumSize(1))
}
