package batch

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/binary"
	"math/big"
	"math/rand"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
)

const testChainID = 31337

// kindCase is one CometBFT transaction and whether the columns must carry it (else it stays raw).
type kindCase struct {
	name    string
	tx      []byte
	columns bool
}

func envelope(t testing.TB, eth []byte) []byte {
	bz, err := (&htypes.Tx{Body: &htypes.Tx_EthTx{EthTx: eth}}).Marshal()
	require.NoError(t, err)
	return bz
}

func signedEnvelope(t testing.TB, key *ecdsa.PrivateKey, signer types.Signer, inner types.TxData) []byte {
	tx, err := types.SignNewTx(key, signer, inner)
	require.NoError(t, err)
	bz, err := tx.MarshalBinary()
	require.NoError(t, err)
	return envelope(t, bz)
}

func rawEnvelope(t testing.TB, inner types.TxData) []byte {
	bz, err := types.NewTx(inner).MarshalBinary()
	require.NoError(t, err)
	return envelope(t, bz)
}

// everyKind builds a transaction of every kind the layout carries and of every kind it must keep raw.
func everyKind(t testing.TB) []kindCase {
	key, _ := crypto.GenerateKey()
	signer := types.LatestSignerForChainID(big.NewInt(testChainID))
	to := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	max256 := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	al := types.AccessList{{Address: to, StorageKeys: []common.Hash{{1}, {2}}}}
	auth, err := types.SignSetCode(key, types.SetCodeAuthorization{ChainID: *uint256.NewInt(testChainID), Address: to, Nonce: 3})
	require.NoError(t, err)
	dyn := func(data []byte) *types.DynamicFeeTx {
		return &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: 7, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(3e9),
			Gas: 50_000, To: &to, Value: big.NewInt(12345), Data: data}
	}
	blob := &types.BlobTx{ChainID: uint256.NewInt(testChainID), Nonce: 1, GasTipCap: uint256.NewInt(2), GasFeeCap: uint256.NewInt(3),
		Gas: 21000, To: to, Value: uint256.NewInt(0), BlobFeeCap: uint256.NewInt(9), BlobHashes: []common.Hash{{0x01, 2}, {0x01, 3}}}
	sidecar, err := types.SignNewTx(key, signer, blob)
	require.NoError(t, err)
	withSidecar, err := sidecar.WithBlobTxSidecar(&types.BlobTxSidecar{}).MarshalBinary()
	require.NoError(t, err)
	return []kindCase{
		{"legacy eip-155", signedEnvelope(t, key, signer, &types.LegacyTx{Nonce: 1, GasPrice: big.NewInt(5), Gas: 21000, To: &to, Value: big.NewInt(1)}), true},
		{"legacy creation", signedEnvelope(t, key, signer, &types.LegacyTx{Nonce: 0, GasPrice: big.NewInt(0), Gas: 1e6, Data: []byte{0x60, 0x80}}), true},
		{"legacy pre-eip-155", signedEnvelope(t, key, types.HomesteadSigner{}, &types.LegacyTx{Nonce: 2, GasPrice: big.NewInt(1), Gas: 21000, To: &to}), false},
		{"eip-2930", signedEnvelope(t, key, signer, &types.AccessListTx{ChainID: big.NewInt(testChainID), Nonce: 3, GasPrice: big.NewInt(7), Gas: 9e4, To: &to, AccessList: al}), true},
		{"eip-2930 creation", signedEnvelope(t, key, signer, &types.AccessListTx{ChainID: big.NewInt(testChainID), GasPrice: big.NewInt(7), Gas: 9e4, Data: make([]byte, 100)}), true},
		{"eip-1559", signedEnvelope(t, key, signer, dyn(nil)), true},
		{"eip-1559 1-byte data", signedEnvelope(t, key, signer, dyn([]byte{0x05})), true},
		{"eip-1559 1-byte high data", signedEnvelope(t, key, signer, dyn([]byte{0x85})), true},
		{"eip-1559 55-byte data", signedEnvelope(t, key, signer, dyn(make([]byte, 55))), true},
		{"eip-1559 56-byte data", signedEnvelope(t, key, signer, dyn(bytes.Repeat([]byte{7}, 56))), true},
		{"eip-1559 long data", signedEnvelope(t, key, signer, dyn(bytes.Repeat([]byte{9}, 70_000))), true},
		{"eip-1559 extremes", rawEnvelope(t, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: ^uint64(0), GasTipCap: max256,
			GasFeeCap: max256, Gas: ^uint64(0), To: &to, Value: max256, V: big.NewInt(1), R: max256, S: new(big.Int).Rsh(max256, 1)}), true},
		// Smaller raw than in columns (32-byte r and s): kept raw.
		{"eip-1559 small s", rawEnvelope(t, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: ^uint64(0), GasTipCap: max256,
			GasFeeCap: max256, Gas: ^uint64(0), To: &to, Value: max256, V: big.NewInt(1), R: max256, S: big.NewInt(1)}), false},
		{"eip-1559 zero signature", rawEnvelope(t, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), GasTipCap: new(big.Int),
			GasFeeCap: new(big.Int), Value: new(big.Int), V: new(big.Int), R: new(big.Int), S: new(big.Int)}), false},
		{"eip-1559 short r", rawEnvelope(t, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), GasTipCap: big.NewInt(1),
			GasFeeCap: big.NewInt(1), Value: big.NewInt(1), V: big.NewInt(1), R: new(big.Int).Lsh(big.NewInt(0x12), 232), S: new(big.Int).Lsh(big.NewInt(0x80), 240)}), true},
		{"eip-1559 high s", rawEnvelope(t, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), GasTipCap: big.NewInt(1),
			GasFeeCap: big.NewInt(1), Value: big.NewInt(1), V: big.NewInt(1), R: big.NewInt(1), S: new(big.Int).Lsh(big.NewInt(1), 255)}), false},
		{"eip-1559 bad y-parity", rawEnvelope(t, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), GasTipCap: big.NewInt(1),
			GasFeeCap: big.NewInt(1), Value: big.NewInt(1), V: big.NewInt(2), R: big.NewInt(1), S: big.NewInt(1)}), false},
		{"eip-1559 other chain", signedEnvelope(t, key, types.LatestSignerForChainID(big.NewInt(1)), &types.DynamicFeeTx{ChainID: big.NewInt(1),
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1), Gas: 21000, To: &to, Value: big.NewInt(1)}), false},
		{"eip-4844", envelope(t, must(sidecar.MarshalBinary())), true},
		{"eip-4844 with sidecar", envelope(t, withSidecar), false},
		{"eip-7702", signedEnvelope(t, key, signer, &types.SetCodeTx{ChainID: uint256.NewInt(testChainID), Nonce: 4, GasTipCap: uint256.NewInt(1),
			GasFeeCap: uint256.NewInt(2), Gas: 1e5, To: to, Value: uint256.NewInt(5), AccessList: al, AuthList: []types.SetCodeAuthorization{auth}}), true},
		{"empty", []byte{}, false},
		{"garbage", []byte{0xde, 0xad, 0xbe, 0xef}, false},
		{"eth tx without envelope", must(types.NewTx(dyn(nil)).MarshalBinary()), false},
		{"envelope of garbage", envelope(t, []byte{0x02, 0xc1, 0x80}), false},
		{"envelope of an unknown type", envelope(t, []byte{0x05, 0xc0}), false},
		{"envelope with trailing bytes", envelope(t, append(must(types.NewTx(dyn(nil)).MarshalBinary()), 0)), false},
		{"envelope with a long length", append([]byte{envelopeTag, 0x81, 0x00}, 0x80), false},
		{"system envelope", []byte{0x22, 0x02, 0x08, 0x01}, false},
	}
}

func must(bz []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return bz
}

// TestSpanRoundTripEveryKind: every transaction kind, alone and mixed with raw ones, decodes to the same
// bytes; the kinds the layout covers are split into columns and the rest stay raw.
func TestSpanRoundTripEveryKind(t *testing.T) {
	cases := everyKind(t)
	var txs [][]byte
	for _, c := range cases {
		txs = append(txs, c.tx)
	}
	kinds := spanColumns(&Batch{Blocks: []*Block{{Height: 1, Txs: txs}}})[colKinds]
	for i, c := range cases {
		require.Equal(t, c.columns, kinds[i] != kindOther, c.name)
	}
	for _, c := range cases {
		requireRoundTrip(t, &Batch{Index: 1, Blocks: []*Block{{Height: 5, Time: 9, Txs: [][]byte{c.tx}}}})
	}
	b := &Batch{Index: 2, Blocks: []*Block{{Height: 1, Time: 10, Txs: txs}, {Height: 2, Time: 7}, {Height: 3, Time: 1 << 62, Txs: txs[3:9]}}}
	requireRoundTrip(t, b)
}

func requireRoundTrip(t *testing.T, b *Batch) {
	t.Helper()
	payload, err := b.Encode(CodecZstd)
	require.NoError(t, err)
	got, codec, err := Decode(payload)
	require.NoError(t, err)
	require.Equal(t, CodecZstd, codec)
	require.Equal(t, mustRLP(t, b), mustRLP(t, got))
	for i := range b.Blocks {
		for j, tx := range b.Blocks[i].Txs {
			require.True(t, bytes.Equal(tx, got.Blocks[i].Txs[j]), "block %d tx %d", i, j)
		}
	}
	require.NoError(t, CheckEncoding(Params{Interval: 100, Codec: CodecZstd}, got, payload))
}

// TestSpanRoundTripMutated: byte-level mutations of real transactions (most no longer valid Ethereum
// transactions, some still splittable) round-trip exactly.
func TestSpanRoundTripMutated(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	cases := everyKind(t)
	blk := &Block{Height: 1, Time: 1}
	for i := 0; i < 2000; i++ {
		tx := bytes.Clone(cases[rng.Intn(len(cases))].tx)
		if len(tx) > 0 && len(tx) < 1000 {
			for k := rng.Intn(3); k >= 0; k-- {
				tx[rng.Intn(len(tx))] = byte(rng.Intn(256))
			}
		}
		blk.Txs = append(blk.Txs, tx)
	}
	requireRoundTrip(t, &Batch{Blocks: []*Block{blk}})
}

// TestDecodeRefusesVersion1: the RLP layout of development L1s is refused,
// and the column layout is smaller.
func TestDecodeRefusesVersion1(t *testing.T) {
	b := newTxMix(t, 5).batch(t, 4, 10, 3, 6)
	payload, err := encodeV1(b, CodecZstd)
	require.NoError(t, err)
	_, _, err = Decode(payload)
	require.ErrorIs(t, err, ErrBadContent)
	v2, err := b.Encode(CodecZstd)
	require.NoError(t, err)
	require.Less(t, len(v2), len(payload))
}

// encodeV1 is the retired version-1 payload (RLP body), for comparisons.
func encodeV1(b *Batch, codec Codec) ([]byte, error) {
	raw, err := rlp.EncodeToBytes(b)
	if err != nil {
		return nil, err
	}
	return compressBody(1, codec, raw)
}

// decodeV1 parses a version-1 payload, for comparisons.
func decodeV1(payload []byte) error {
	raw, err := Codec(payload[1]).Decompress(payload[2:])
	if err != nil {
		return err
	}
	return rlp.DecodeBytes(raw, new(Batch))
}

// TestSpanNotCanonical: a payload that decodes but is not what the encoder writes (an Ethereum
// transaction kept raw, a repeated dictionary entry) is refused by CheckEncoding.
func TestSpanNotCanonical(t *testing.T) {
	cases := everyKind(t)
	b := &Batch{Blocks: []*Block{{Height: 1, Time: 1, Txs: [][]byte{cases[5].tx, cases[5].tx}}}}
	cols := spanColumns(b)
	raw := &Batch{Blocks: []*Block{{Height: 1, Time: 1, Txs: [][]byte{{1}}}}}
	rawCols := spanColumns(raw)
	rawCols[colOther] = appendBytes(nil, cases[5].tx)
	dupCols := cols
	dupCols[colTo] = []byte{1, 1}
	dupCols[colAddress] = append(bytes.Clone(cols[colAddress]), cols[colAddress]...)
	for name, c := range map[string][numColumns][]byte{"raw eth tx": rawCols, "repeated address": dupCols} {
		payload, err := compressBody(PayloadV2, CodecNone, joinColumns(c))
		require.NoError(t, err)
		got, _, err := Decode(payload)
		require.NoError(t, err, name)
		require.ErrorIs(t, CheckEncoding(Params{Interval: 10, Codec: CodecNone}, got, payload), ErrNotCanonical, name)
	}
}

// TestSpanDecodeRejectsMalformed: each structural fault of a version-2 body is refused with
// ErrBadContent.
func TestSpanDecodeRejectsMalformed(t *testing.T) {
	cases := everyKind(t)
	var txs [][]byte
	for _, c := range cases {
		txs = append(txs, c.tx)
	}
	good := spanColumns(&Batch{Blocks: []*Block{{Height: 1, Time: 1, Txs: txs}}})
	_, err := decodeSpan(joinColumns(good))
	require.NoError(t, err)
	edit := func(col int, f func([]byte) []byte) [numColumns][]byte {
		c := good
		c[col] = f(bytes.Clone(c[col]))
		return c
	}
	set := func(i int, v byte) func([]byte) []byte { return func(b []byte) []byte { b[i] = v; return b } }
	add := func(extra ...byte) func([]byte) []byte { return func(b []byte) []byte { return append(b, extra...) } }
	bad := map[string][numColumns][]byte{
		"unknown kind":           edit(colKinds, set(0, numKinds)),
		"trailing column byte":   edit(colR, add(0)),
		"short s column":         edit(colS, func(b []byte) []byte { return b[:len(b)-1] }),
		"integer over 256 bits":  edit(colValueLen, set(0, 33)),
		"integer leading zero":   edit(colIntTop, set(1, 0)),
		"dictionary index":       edit(colTo, set(0, 0x7f)),
		"non-minimal uvarint":    edit(colNonce, func(b []byte) []byte { return append([]byte{0x81, 0x00}, b[1:]...) }),
		"access list not a list": edit(colAccessList, set(0, 0x80)),
		"zero blocks":            edit(colHeader, set(2, 0)),
		"too many txs":           edit(colBlocks, func(b []byte) []byte { return append(b[:len(b)-2], 0xff, 0x7f) }),
		"other past its end":     edit(colOther, set(0, 0x7f)),
		"blob tx creation":       edit(colTo, func(b []byte) []byte { return blobCreation(t, good[colKinds], b) }),
	}
	for name, cols := range bad {
		_, err := decodeSpan(joinColumns(cols))
		require.ErrorIs(t, err, ErrBadContent, name)
	}
	body := joinColumns(good)
	for _, cut := range []int{0, 3, len(body) - 1} {
		_, err := decodeSpan(body[:cut])
		require.ErrorIs(t, err, ErrBadContent, "cut at %d", cut)
	}
	_, err = decodeSpan(append(body, 0))
	require.ErrorIs(t, err, ErrBadContent, "trailing byte")
}

// blobCreation rewrites the recipient code of the blob transaction to 0 (a creation).
func blobCreation(t *testing.T, kinds, to []byte) []byte {
	c := &column{b: to}
	var codes []uint64
	for len(c.b) > 0 {
		codes = append(codes, c.uvarint())
	}
	n := 0
	for _, k := range kinds {
		if k == kindBlob {
			codes[n] = 0
		}
		if k != kindOther {
			n++
		}
	}
	require.Equal(t, len(codes), n)
	var out []byte
	for _, x := range codes {
		out = binary.AppendUvarint(out, x)
	}
	return out
}

// requireWithinBound checks the cut rule's size bound holds for b's body.
func requireWithinBound(t testing.TB, b *Batch) {
	bound := spanOverhead
	for _, blk := range b.Blocks {
		bound += encodedBound(blk)
	}
	require.LessOrEqual(t, len(encodeSpan(b)), bound)
}

func TestSpanBodyWithinBound(t *testing.T) {
	requireWithinBound(t, newTxMix(t, 50).batch(t, 0, 1, 10, 30))
	var txs [][]byte
	for _, c := range everyKind(t) {
		txs = append(txs, c.tx)
	}
	requireWithinBound(t, &Batch{Blocks: []*Block{{Height: 1, Txs: txs, Proposer: make([]byte, 20),
		Votes: []Vote{{Address: make([]byte, 20), Power: 1 << 62, Flag: 2}}, Misbehavior: []Misbehavior{{Address: []byte{1}, Time: 1 << 62}}}}})
}

// FuzzSpanTx: any transaction bytes, raw and in an eth_tx envelope, round-trip exactly within the size
// bound. Seeds are real transactions of every kind.
func FuzzSpanTx(f *testing.F) {
	for _, c := range everyKind(f) {
		if len(c.tx) > 1000 {
			continue // small seeds mutate faster
		}
		if eth, ok := splitEnvelope(c.tx); ok {
			f.Add(eth)
		}
		f.Add(c.tx)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b := &Batch{Blocks: []*Block{{Height: 1, Txs: [][]byte{envelope(t, data), data, envelope(t, data)}}}}
		requireWithinBound(t, b)
		got, err := decodeSpan(encodeSpan(b))
		require.NoError(t, err)
		require.Equal(t, b.Blocks[0].Txs, got.Blocks[0].Txs)
	})
}

// FuzzSpanDecode: arbitrary bodies never panic, and what decodes re-encodes to a body that decodes to the
// same batch.
func FuzzSpanDecode(f *testing.F) {
	// Small seeds: the fuzzer minimizes every input that finds new coverage.
	cases := everyKind(f)
	for _, i := range []int{0, 5, 3} {
		f.Add(encodeSpan(&Batch{Blocks: []*Block{{Height: 1, Time: 3, Txs: [][]byte{cases[i].tx, {1}}}}}))
	}
	f.Add(encodeSpan(newTxMix(f, 2).batch(f, 0, 1, 2, 1)))
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := decodeSpan(body)
		if err != nil {
			require.ErrorIs(t, err, ErrBadContent)
			return
		}
		again, err := decodeSpan(encodeSpan(b))
		require.NoError(t, err)
		require.Equal(t, mustRLP(t, b), mustRLP(t, again))
	})
}
