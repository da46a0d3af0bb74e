package attest_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/rollup/attest"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/bls"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
	"github.com/hyperion-rollup/hyperion/testutil"
)

type fixedDomain struct{ d attest.Domain }

func (f fixedDomain) Domain() (attest.Domain, bool) { return f.d, true }

// TestNetworkAttestsBatches runs 4 validators with batch signers: the signatures of the batch ending at E
// travel in the vote extensions of E+1 and are recorded by block E+2's commit-info tx, where a quorum of
// them aggregates into a valid attestation, and every node built the same batch header from its own stores.
func TestNetworkAttestsBatches(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 4-validator network")
	}
	net := testutil.NewNetwork(t, 4)
	params := batch.Params{Interval: 3, Codec: batch.DefaultCodec, Medium: batch.MediumCalldata}
	var pubs []*bls.PublicKey
	var builders []*batch.Builder
	var sks []*bls.SecretKey
	for i := range net.Nodes {
		sk, err := attest.KeyFromSeed(crypto.Keccak256([]byte{byte(i)}))
		require.NoError(t, err)
		sks, pubs = append(sks, sk), append(pubs, sk.PublicKey())
	}
	set, err := contracts.SortKeys(pubs)
	require.NoError(t, err)
	dom := attest.Domain{ChainID: big.NewInt(1337), Inbox: common.Address{0xb0}, SetHash: contracts.SetHash(set)}
	reader, err := net.Nodes[0].BlockInputsReader()
	require.NoError(t, err)
	for i, node := range net.Nodes {
		r, err := node.BlockInputsReader()
		require.NoError(t, err)
		archive, err := batch.OpenArchive(t.TempDir())
		require.NoError(t, err)
		b, err := batch.NewBuilder(params, r, archive)
		require.NoError(t, err)
		builders = append(builders, b)
		node.App().SetBatchAttester(attest.NewSigner(sks[i], b, fixedDomain{dom}))
	}
	// Batches whose last block is after the attesters were installed: wait for two of them to be recorded.
	var start uint64
	require.True(t, testutil.WaitFor(30*time.Second, func() bool {
		h, err := reader.FinalizeInputs(1)
		return err == nil && h != nil
	}))
	start = uint64(builders[0].Params().Interval * 2)
	for index := start / 3; index < start/3+2; index++ {
		var rec uint64
		require.True(t, testutil.WaitFor(60*time.Second, func() bool {
			h, err := builders[0].Header(index)
			if err != nil {
				return false
			}
			rec = attest.RecordedAt(h.Last)
			_, err = reader.FinalizeInputs(int64(rec))
			return err == nil
		}), "batch %d", index)
		sigs, err := attest.Collect(reader, rec, index)
		require.NoError(t, err)
		hdr, err := builders[0].Header(index)
		require.NoError(t, err)
		for _, b := range builders[1:] {
			other, err := b.Header(index)
			require.NoError(t, err)
			require.Equal(t, hdr, other)
		}
		att, err := attest.Aggregate(set, dom, hdr.Hash(), sigs)
		require.NoError(t, err, "batch %d recorded at %d: %d signatures", index, rec, len(sigs))
		require.GreaterOrEqual(t, att.Count, 3)
		s, err := builders[0].Sealed(index)
		require.NoError(t, err)
		decoded, _, err := batch.Decode(s.Payload)
		require.NoError(t, err)
		first := hdr.First
		require.Equal(t, first, decoded.First())
		req, err := reader.FinalizeInputs(int64(first))
		require.NoError(t, err)
		require.Equal(t, req.Txs, decoded.Blocks[0].Txs)
		t.Logf("batch %d: %d signatures recorded at block %d, %d-byte payload", index, len(sigs), rec, len(s.Payload))
	}
}
