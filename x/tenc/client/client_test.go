package client

import (
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/tenc"
	"github.com/hyperion-rollup/hyperion/x/tenc/envelope"
)

func TestSealVerifiesAndDecrypts(t *testing.T) {
	dkgKey, err := crypto.GenerateKey()
	require.NoError(t, err)
	c, err := tenc.NewCommittee(1, 1, []*ecdsa.PublicKey{&dkgKey.PublicKey})
	require.NoError(t, err)
	d, err := tenc.Deal(nil, c, 0)
	require.NoError(t, err)
	keys, err := tenc.AggregateDealings(c, []*tenc.Dealing{d})
	require.NoError(t, err)
	ds, err := tenc.DecryptShare(c, d, 0, dkgKey)
	require.NoError(t, err)
	sk, err := tenc.AggregateSecretShare(0, []tenc.DealtShare{ds})
	require.NoError(t, err)

	user, err := crypto.GenerateKey()
	require.NoError(t, err)
	inner := types.MustSignNewTx(user, types.LatestSignerForChainID(big.NewInt(31337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(31337), Gas: 21_000, GasFeeCap: big.NewInt(1e9), To: &common.Address{1}, Value: big.NewInt(1)})
	e, err := Seal(31337, 1, keys.PublicKey.Bytes(), user, 0, inner, Fees{MaxFeePerGas: big.NewInt(1e9)})
	require.NoError(t, err)
	sender, err := envelope.Verify(31337, e)
	require.NoError(t, err)
	require.Equal(t, crypto.PubkeyToAddress(user.PublicKey), sender)

	id := envelope.Identity(31337, e).Point()
	key, err := tenc.CombineKeyShares([]uint32{0}, []tenc.KeyShare{sk.KeyShare(id)}, 1)
	require.NoError(t, err)
	ct, err := tenc.CiphertextFromBytes(e.Ciphertext)
	require.NoError(t, err)
	plain, err := ct.Decrypt(key)
	require.NoError(t, err)
	want, _ := inner.MarshalBinary()
	require.Equal(t, want, plain)

	e.Ciphertext[len(e.Ciphertext)-1] ^= 1 // the signature covers the ciphertext
	_, err = envelope.Verify(31337, e)
	require.ErrorIs(t, err, envelope.ErrSignature)
	_, err = envelope.Verify(31338, e) // and the chain id
	require.Error(t, err)
}
