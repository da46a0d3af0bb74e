package devkeys

import (
	"encoding/hex"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

func TestDevAccountsWellKnown(t *testing.T) {
	accs, err := DevAccounts(DevAccountCount)
	require.NoError(t, err)
	require.Len(t, accs, DevAccountCount)
	require.Equal(t, common.HexToAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), accs[0].Address)
	require.Equal(t, common.HexToAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), accs[1].Address)
	require.Equal(t, common.HexToAddress("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"), accs[9].Address)
	require.Equal(t, "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", accs[0].PrivateKeyHex())
	require.Equal(t, "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", accs[1].PrivateKeyHex())

	seen := map[common.Address]bool{}
	for i, a := range accs {
		require.Equal(t, i, a.Index)
		require.Equal(t, crypto.PubkeyToAddress(a.Key.PublicKey), a.Address)
		require.False(t, seen[a.Address], "duplicate address")
		seen[a.Address] = true
	}
	one, err := DevAccount(1)
	require.NoError(t, err)
	require.Equal(t, accs[1].Address, one.Address)
}

// BIP-39 reference vector (Trezor's vectors.json, first entry).
func TestSeedFromMnemonicVector(t *testing.T) {
	m := "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
	want := "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04"
	require.Equal(t, want, hex.EncodeToString(SeedFromMnemonic(m, "TREZOR")))
	// Extra whitespace does not change the seed.
	require.Equal(t, want, hex.EncodeToString(SeedFromMnemonic("  "+m+"\n", "TREZOR")))
}

// BIP-32 test vector 1: private keys along m/0'/1/2'/2/1000000000.
func TestDeriveKeyBIP32Vector1(t *testing.T) {
	seed, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f")
	cases := map[string]string{
		"m":                      "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35",
		"m/0'":                   "edb2e14f9ee77d26dd93b4ecede8d16ed408ce149b6cd80b0715a2d911a0afea",
		"m/0'/1":                 "3c6cb8d0f6a264c91ea8b5030fadaa8e538b020f0a387421a12de9319dc93368",
		"m/0H/1/2h/2/1000000000": "471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8",
	}
	for p, want := range cases {
		path, err := ParsePath(p)
		require.NoError(t, err, p)
		key, err := DeriveKey(seed, path)
		require.NoError(t, err, p)
		require.Equal(t, want, hex.EncodeToString(crypto.FromECDSA(key)), p)
	}
}

func TestParsePathErrors(t *testing.T) {
	for _, p := range []string{"", "44'/60'", "m/", "m/x", "m/-1", "m/2147483648", "m/1''",
		"m/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0"} {
		_, err := ParsePath(p)
		require.ErrorIs(t, err, ErrInvalidPath, p)
	}
	path, err := ParsePath("m/44'/60'/0'/0/7")
	require.NoError(t, err)
	require.Equal(t, []uint32{44 + HardenedOffset, 60 + HardenedOffset, HardenedOffset, 0, 7}, path)
}

func TestInvalidInputs(t *testing.T) {
	_, err := DeriveKey(make([]byte, 8), nil)
	require.ErrorIs(t, err, ErrInvalidSeed)
	_, err = DevAccounts(-1)
	require.Error(t, err)
	_, err = AccountFromMnemonic(DevMnemonic, -1)
	require.ErrorIs(t, err, ErrInvalidPath)
}
