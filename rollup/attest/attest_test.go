package attest

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/rollup/bls"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
	"github.com/hyperion-rollup/hyperion/x/staking"
)

func TestKeyFromSeedMatchesStakingRegistration(t *testing.T) {
	for i := 0; i < 4; i++ {
		seed := crypto.Keccak256([]byte{0xff, byte(i)}) // often above the group order: exercises the reduction
		sk, err := KeyFromSeed(seed)
		require.NoError(t, err)
		pub, _, err := staking.ProvePossession(seed)
		require.NoError(t, err)
		require.Equal(t, pub, sk.PublicKey().Compressed())
	}
	_, err := KeyFromSeed(make([]byte, 31))
	require.ErrorIs(t, err, ErrBadKeyFile)
}

func signAll(t *testing.T, sks []*bls.SecretKey, d Domain, hash common.Hash) []*htypes.BatchSignature {
	digest := d.Digest(hash)
	var out []*htypes.BatchSignature
	for _, sk := range sks {
		sig, err := sk.Sign(digest[:])
		require.NoError(t, err)
		out = append(out, &htypes.BatchSignature{BatchHash: hash[:], PublicKey: sk.PublicKey().EIP2537(), Signature: sig.EIP2537()})
	}
	return out
}

func TestAggregateKeepsOnlyValidMemberSignatures(t *testing.T) {
	var sks []*bls.SecretKey
	var pubs []*bls.PublicKey
	for i := 0; i < 4; i++ {
		sk, err := KeyFromSeed(crypto.Keccak256([]byte{byte(i)}))
		require.NoError(t, err)
		sks, pubs = append(sks, sk), append(pubs, sk.PublicKey())
	}
	set, err := contracts.SortKeys(pubs)
	require.NoError(t, err)
	d := Domain{ChainID: big.NewInt(1337), Inbox: common.Address{1}, SetHash: contracts.SetHash(set)}
	hash := common.Hash{9}
	good := signAll(t, sks[:3], d, hash)
	outsider, _ := KeyFromSeed(crypto.Keccak256([]byte("outsider")))
	wrongHash := signAll(t, sks[3:], d, common.Hash{8})
	wrongHash[0].BatchHash = hash[:] // claims the right hash, signs another digest
	forged := signAll(t, []*bls.SecretKey{outsider}, d, hash)
	forged[0].PublicKey = sks[3].PublicKey().EIP2537() // outsider's signature under a member's key
	all := append(append(append([]*htypes.BatchSignature{}, good...), good[0]), append(wrongHash, forged...)...)

	att, err := Aggregate(set, d, hash, all)
	require.NoError(t, err)
	require.Equal(t, 3, att.Count)
	agg, err := bls.SignatureFromEIP2537(att.Signature)
	require.NoError(t, err)
	var signers []*bls.PublicKey
	for i, k := range set {
		if att.Signers.Bit(i) == 1 {
			signers = append(signers, k)
		}
	}
	aggKey, err := bls.AggregatePublicKeys(signers)
	require.NoError(t, err)
	digest := d.Digest(hash)
	require.True(t, bls.Verify(aggKey, digest[:], agg))

	_, err = Aggregate(set, d, hash, append(good[:2], wrongHash...))
	require.ErrorIs(t, err, ErrBelowQuorum)
	require.Error(t, CheckEncoding(&htypes.BatchSignature{BatchHash: hash[:], PublicKey: make([]byte, 48), Signature: make([]byte, 96)}))
}
