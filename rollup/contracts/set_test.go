package contracts

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/rollup/bls"
)

func (e *env) setRevert(data []byte) string {
	return e.revert(e.deployer.From, e.dep.SequencerSet, nil, data, e.allErrors())
}

func (e *env) register(sks []*bls.SecretKey) {
	for _, sk := range sks {
		pop, err := sk.ProvePossession()
		require.NoError(e.t, err)
		e.send("registerKey", e.set, e.deployer, nil, e.setABI.PackRegisterKey(sk.PublicKey().EIP2537(), pop.EIP2537()))
	}
}

// changeSet builds a changeSet call installing newKeys at height, signed by signers of the set (sks, keys).
func (e *env) changeSet(newKeys []*bls.PublicKey, height uint64, sks []*bls.SecretKey, keys []*bls.PublicKey, signers []int) []byte {
	digest := SetChangeDigest(e.chainID, e.dep.SequencerSet, SetHash(e.keys), SetHash(newKeys), height)
	sig, bitmap := sign(e.t, sks, signers, digest)
	return e.setABI.PackChangeSet(ConcatKeys(newKeys), height, ConcatKeys(keys), bitmap, sig)
}

func TestSetChange(t *testing.T) {
	e := newEnv(t, 4)
	newSks, newKeys := e.newSet(5)

	// Keys without a proof of possession cannot enter a set.
	require.Equal(t, "KeyNotRegistered", e.setRevert(e.changeSet(newKeys, 100, e.sks, e.keys, []int{0, 1, 2})))
	e.register(newSks)

	// Signed by the incoming set instead of the outgoing one.
	require.Equal(t, "SetMismatch", e.setRevert(e.changeSet(newKeys, 100, newSks, newKeys, []int{0, 1, 2, 3})))
	// Outgoing keys listed, but the signature comes from the incoming set.
	digest := SetChangeDigest(e.chainID, e.dep.SequencerSet, SetHash(e.keys), SetHash(newKeys), 100)
	sig, bitmap := sign(t, newSks[:4], []int{0, 1, 2, 3}, digest)
	require.Equal(t, "BadSignature", e.setRevert(e.setABI.PackChangeSet(ConcatKeys(newKeys), 100, ConcatKeys(e.keys), bitmap, sig)))
	// Below quorum of the outgoing set; unsorted new keys.
	require.Equal(t, "BelowQuorum", e.setRevert(e.changeSet(newKeys, 100, e.sks, e.keys, []int{1, 3})))
	unsorted := []*bls.PublicKey{newKeys[1], newKeys[0], newKeys[2]}
	require.Equal(t, "KeysNotSorted", e.setRevert(e.changeSet(unsorted, 100, e.sks, e.keys, []int{0, 1, 2})))

	e.send("changeSet (4 -> 5 keys, 3 signers)", e.set, e.deployer, nil, e.changeSet(newKeys, 100, e.sks, e.keys, []int{0, 1, 2}))
	oldSks, oldKeys := e.sks, e.keys
	e.sks, e.keys = newSks, newKeys
	id, err := bind.Call(e.set, nil, e.setABI.PackSetId(), e.setABI.UnpackSetId)
	require.NoError(t, err)
	require.EqualValues(t, 1, id)

	// The old set can no longer sign batches or changes; a stale height is refused.
	h := BatchInboxBatchHeader{Index: 0, FirstBlock: 1, LastBlock: 5}
	dataHash := CalldataDataHash([]byte("x"))
	oldDigest := BatchDigest(e.chainID, e.dep.BatchInbox, SetHash(oldKeys), BatchHash(h, MediumCalldata, dataHash))
	oldSig, oldBitmap := sign(t, oldSks, []int{0, 1, 2, 3}, oldDigest)
	att := BatchInboxAttestation{Keys: ConcatKeys(oldKeys), Signers: oldBitmap, Signature: oldSig}
	require.Equal(t, "SetMismatch", e.inboxRevert(e.inboxABI.PackSubmitCalldataBatch(h, []byte("x"), att)))
	require.Equal(t, "StaleActivationHeight", e.setRevert(e.changeSet(oldKeys, 100, newSks, newKeys, []int{0, 1, 2, 3})))
	// The new set signs batches: 4 of 5 is a quorum, 3 of 5 is not.
	require.Equal(t, "BelowQuorum", e.inboxRevert(e.calldataBatch(h, []byte("x"), []int{0, 2, 4})))
	e.send("submitCalldataBatch (5 keys, 4 signers)", e.inbox, e.deployer, nil, e.calldataBatch(h, []byte("x"), []int{0, 1, 2, 4}))
}

func TestProofOfPossession(t *testing.T) {
	e := newEnv(t, 4)
	sks, keys := e.newSet(2)
	pop, err := sks[0].ProvePossession()
	require.NoError(t, err)
	// A proof for another key, and a plain signature of the key bytes (wrong DST), are refused.
	require.Equal(t, "BadProofOfPossession", e.setRevert(e.setABI.PackRegisterKey(keys[1].EIP2537(), pop.EIP2537())))
	plain, err := sks[0].Sign(keys[0].Compressed())
	require.NoError(t, err)
	require.Equal(t, "BadProofOfPossession", e.setRevert(e.setABI.PackRegisterKey(keys[0].EIP2537(), plain.EIP2537())))
	require.Equal(t, "KeyAtInfinity", e.setRevert(e.setABI.PackRegisterKey(make([]byte, 128), pop.EIP2537())))
	e.send("registerKey", e.set, e.deployer, nil, e.setABI.PackRegisterKey(keys[0].EIP2537(), pop.EIP2537()))
}

// TestRogueKeyAggregate: an attacker publishes pk* = x·G - Σ honest keys so that the aggregate of pk* and the
// honest keys is x·G, and forges a "quorum" signature alone. The forgery is valid BLS math (checked in Go),
// but pk* has no proof of possession, so it can never enter a set.
func TestRogueKeyAggregate(t *testing.T) {
	e := newEnv(t, 4)
	x, err := bls.GenerateKey(e.rng)
	require.NoError(t, err)
	rogue := rogueKey(t, x, e.keys[:3])
	agg, err := bls.AggregatePublicKeys(append([]*bls.PublicKey{rogue}, e.keys[:3]...))
	require.NoError(t, err)
	require.True(t, agg.Equal(x.PublicKey()))
	msg := []byte("forged batch digest")
	forged, err := x.Sign(msg)
	require.NoError(t, err)
	require.True(t, bls.Verify(agg, msg, forged), "the rogue aggregate verifies without PoP")

	// No proof of possession can be produced for pk*: the attacker's best try is signing with x.
	popX, err := x.ProvePossession()
	require.NoError(t, err)
	require.Equal(t, "BadProofOfPossession", e.setRevert(e.setABI.PackRegisterKey(rogue.EIP2537(), popX.EIP2537())))
	set, err := SortKeys(append([]*bls.PublicKey{rogue}, e.keys[:3]...))
	require.NoError(t, err)
	require.Equal(t, "KeyNotRegistered", e.setRevert(e.changeSet(set, 50, e.sks, e.keys, []int{0, 1, 2})))
}

// rogueKey returns x·G - Σ keys.
func rogueKey(t *testing.T, x *bls.SecretKey, keys []*bls.PublicKey) *bls.PublicKey {
	t.Helper()
	sum, err := bls.AggregatePublicKeys(keys)
	require.NoError(t, err)
	neg := bls.NegatePublicKey(sum)
	out, err := bls.AggregatePublicKeys([]*bls.PublicKey{x.PublicKey(), neg})
	require.NoError(t, err)
	return out
}

// TestAggregateAtInfinity: two registered keys sk and -sk (each with a valid proof of possession) aggregate to
// the identity, under which an identity "signature" would verify any message; the contract refuses it.
func TestAggregateAtInfinity(t *testing.T) {
	e := newEnv(t, 4)
	a, err := bls.GenerateKey(e.rng)
	require.NoError(t, err)
	var s big.Int
	s.SetBytes(a.Bytes())
	s.Sub(fr.Modulus(), &s)
	b, err := bls.SecretKeyFromBytes(s.FillBytes(make([]byte, 32)))
	require.NoError(t, err)
	e.register([]*bls.SecretKey{a, b})
	pair, err := SortKeys([]*bls.PublicKey{a.PublicKey(), b.PublicKey()})
	require.NoError(t, err)
	e.send("changeSet (4 -> 2 keys, 3 signers)", e.set, e.deployer, nil, e.changeSet(pair, 10, e.sks, e.keys, []int{0, 1, 2}))
	e.keys = pair
	identity := make([]byte, bls.SignatureLen)
	bitmap, _ := SignerBitmap(2, []int{0, 1})
	data := e.setABI.PackChangeSet(ConcatKeys(pair), 11, ConcatKeys(pair), bitmap, identity)
	require.Equal(t, "AggregateKeyAtInfinity", e.setRevert(data))
}
