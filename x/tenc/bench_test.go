package tenc

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// benchMessage is the size of a typical RLP-encoded ERC-20 transfer.
var benchMessage = make([]byte, 180)

func BenchmarkEncrypt(b *testing.B) {
	keys := newDealerKeys(b, 3, 4)
	id := testIdentity(1).Point()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encrypt(nil, keys.eon, id, benchMessage); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIdentityPoint(b *testing.B) {
	id := testIdentity(1)
	for b.Loop() {
		_ = id.Point()
	}
}

func BenchmarkKeyShare(b *testing.B) {
	keys := newDealerKeys(b, 3, 4)
	id := testIdentity(1).Point()
	for b.Loop() {
		_ = keys.secrets[0].KeyShare(id)
	}
}

func BenchmarkVerifyKeyShare(b *testing.B) {
	keys := newDealerKeys(b, 3, 4)
	id := testIdentity(1).Point()
	share := keys.secrets[0].KeyShare(id)
	for b.Loop() {
		if err := VerifyKeyShare(keys.publics[0], id, share); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyKeySharesBatch100 verifies 100 shares (25 identities × 4 members).
func BenchmarkVerifyKeySharesBatch100(b *testing.B) {
	keys := newDealerKeys(b, 3, 4)
	checks := shareChecks(b, keys, 25)
	b.ResetTimer()
	for b.Loop() {
		if err := VerifyKeySharesBatch(checks, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100, "ns/share")
}

// BenchmarkVerifyDecryptionKeysBatch100 verifies 100 combined keys.
func BenchmarkVerifyDecryptionKeysBatch100(b *testing.B) {
	keys := newDealerKeys(b, 3, 4)
	var checks []KeyCheck
	for i := 0; i < 100; i++ {
		id := testIdentity(uint64(i)).Point()
		checks = append(checks, KeyCheck{Identity: id, Key: keys.keyFrom(b, []uint32{0, 1, 2}, 3, id)})
	}
	b.ResetTimer()
	for b.Loop() {
		if err := VerifyDecryptionKeysBatch(keys.eon, checks, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCombineKeyShares(b *testing.B) {
	keys := newDealerKeys(b, 3, 4)
	id := testIdentity(1).Point()
	members := []uint32{0, 1, 2}
	shares := []KeyShare{keys.secrets[0].KeyShare(id), keys.secrets[1].KeyShare(id), keys.secrets[2].KeyShare(id)}
	for b.Loop() {
		if _, err := CombineKeyShares(members, shares, 3); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecrypt(b *testing.B) {
	keys := newDealerKeys(b, 3, 4)
	id := testIdentity(1).Point()
	ct, err := Encrypt(nil, keys.eon, id, benchMessage)
	require.NoError(b, err)
	key := keys.keyFrom(b, []uint32{0, 1, 2}, 3, id)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ct.Decrypt(key); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDKG runs a full honest DKG (every dealing, every decryption and
// the aggregation) for one member's view, at n = 4, 16 and 64.
func BenchmarkDKG(b *testing.B) {
	for _, n := range []int{4, 16, 64} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			c, privs := newCommittee(b, 1, Threshold(n), n)
			for b.Loop() {
				var dealings []*Dealing
				for j := 0; j < n; j++ {
					d, err := Deal(nil, c, uint32(j))
					require.NoError(b, err)
					require.NoError(b, VerifyDealing(c, d))
					dealings = append(dealings, d)
				}
				var mine []DealtShare
				for _, d := range dealings {
					ds, err := DecryptShare(c, d, 0, privs[0])
					require.NoError(b, err)
					mine = append(mine, ds)
				}
				_, err := AggregateDealings(c, dealings)
				require.NoError(b, err)
				_, err = AggregateSecretShare(0, mine)
				require.NoError(b, err)
			}
		})
	}
}

// BenchmarkVerifySharesPerBlock verifies a block's shares at n = 4 (every
// member's share for each envelope) in one batch, as a node does per block.
func BenchmarkVerifySharesPerBlock(b *testing.B) {
	for _, envs := range []int{64, 512} {
		b.Run(fmt.Sprintf("n=4/envelopes=%d", envs), func(b *testing.B) {
			keys := newDealerKeys(b, 3, 4)
			checks := shareChecks(b, keys, envs)
			require.Len(b, checks, 4*envs)
			for b.Loop() {
				if err := VerifyKeySharesBatch(checks, SharesTranscript(checks)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/block")
		})
	}
}

// BenchmarkCombiner combines t shares with cached subset coefficients: the
// common subset at n = 4 (integer λ), one needing a division by 3, and
// n = 64 subsets on the small-integer and on the MSM path.
func BenchmarkCombiner(b *testing.B) {
	for _, tc := range []struct {
		name    string
		n       int
		members []uint32
	}{
		{"n=4/members=012", 4, []uint32{0, 1, 2}},
		{"n=4/members=013", 4, []uint32{0, 1, 3}},
		{"n=64/members=0..42", 64, seq(0, 43)},
		{"n=64/members=21..63", 64, seq(21, 64)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			keys := newDealerKeys(b, Threshold(tc.n), tc.n)
			id := testIdentity(1).Point()
			shares := make([]KeyShare, len(tc.members))
			for j, m := range tc.members {
				shares[j] = keys.secrets[m].KeyShare(id)
			}
			c, err := NewCombiner(Threshold(tc.n))
			require.NoError(b, err)
			for b.Loop() {
				if _, err := c.Combine(tc.members, shares); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheckOpenedBatch512 is the batched FO check of a block's 512
// opened envelopes (one G2 MSM instead of 512 G2 multiplications).
func BenchmarkCheckOpenedBatch512(b *testing.B) {
	keys := newDealerKeys(b, 3, 4)
	cts, dks, _ := openedBatch(b, keys, 512)
	opened := openAll(b, cts, dks)
	for b.Loop() {
		for _, err := range CheckOpenedBatch(opened) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkOpen is one envelope's pairing and unmasking, without the FO check.
func BenchmarkOpen(b *testing.B) {
	keys := newDealerKeys(b, 3, 4)
	cts, dks, _ := openedBatch(b, keys, 1)
	for b.Loop() {
		if _, err := cts[0].Open(dks[0]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeCiphertext decodes a ciphertext: C1's G2 decompression
// (fast square root) and subgroup check dominate.
func BenchmarkDecodeCiphertext(b *testing.B) {
	keys := newDealerKeys(b, 3, 4)
	cts, _, _ := openedBatch(b, keys, 1)
	raw := cts[0].Bytes()
	for b.Loop() {
		if _, err := CiphertextFromBytes(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeKeyShare decodes a key share (G1 decompression and
// subgroup check).
func BenchmarkDecodeKeyShare(b *testing.B) {
	keys := newDealerKeys(b, 3, 4)
	raw := keys.secrets[0].KeyShare(testIdentity(1).Point()).Bytes()
	for b.Loop() {
		if _, err := KeyShareFromBytes(raw); err != nil {
			b.Fatal(err)
		}
	}
}
