package inference_test

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

var tinyShape = inference.LlamaConfig{Dim: 16, Hidden: 24, Layers: 2, Heads: 4, KVHeads: 2, Vocab: 20,
	SeqLen: 8, SharedClassifier: false, NormEps: 42950}

func tinyFile(t testing.TB) []byte {
	m := syntheticLlama(9, tinyShape, 8)
	m.Llama.Classifier = randMatrix(newSplitMix(10), tinyShape.Vocab, tinyShape.Dim, 8, 22)
	file, err := inference.Encode(m)
	require.NoError(t, err)
	return file
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, m := range []*inference.Model{syntheticLlama(9, tinyShape, 8), handMLP()} {
		file, err := inference.Encode(m)
		require.NoError(t, err)
		back, err := inference.Decode(file)
		require.NoError(t, err)
		if m.Llama != nil && m.Llama.Config.SharedClassifier {
			require.Equal(t, back.Llama.Embed, back.Llama.Classifier)
		}
		again, err := inference.Encode(back)
		require.NoError(t, err)
		require.Equal(t, file, again)
		require.Equal(t, inference.ModelID(file), inference.ModelID(again))
	}
}

func TestDecodeRejectsTruncationAndTrailing(t *testing.T) {
	file := tinyFile(t)
	for n := 0; n < len(file); n++ {
		_, err := inference.Decode(file[:n])
		require.Error(t, err, "prefix of %d bytes", n)
	}
	_, err := inference.Decode(append(append([]byte(nil), file...), 0))
	require.ErrorIs(t, err, inference.ErrTrailingBytes)
}

func TestDecodeRejectsBadHeaders(t *testing.T) {
	file := tinyFile(t)
	mutate := func(off int, v uint32) []byte {
		b := append([]byte(nil), file...)
		binary.LittleEndian.PutUint32(b[off:], v)
		return b
	}
	tablesEnd := 12 + 4*(257+2049)
	ropeBytes := 2 * 4 * tinyShape.SeqLen * tinyShape.Dim / tinyShape.Heads / 2
	cases := []struct {
		file []byte
		err  error
	}{
		{append([]byte("XXXX"), file[4:]...), inference.ErrBadMagic},
		{mutate(4, 1|uint32(inference.ArchLlama)<<16), inference.ErrBadVersion},
		{mutate(4, 2|9<<16), inference.ErrBadArch},
		{mutate(8, 0), inference.ErrBadDims},                               // group size 0
		{mutate(8, 1<<20), inference.ErrBadDims},                           // group size too big
		{mutate(12, 1<<29), inference.ErrBadTable},                         // exp(0) != 1
		{mutate(tablesEnd, 1<<30), inference.ErrBadDims},                   // dim huge
		{mutate(tablesEnd, 15), inference.ErrBadDims},                      // dim not divisible by heads
		{mutate(tablesEnd+4*5, 1<<17), inference.ErrTruncated},             // vocab 131072 with no bytes for it
		{mutate(tablesEnd+4*7, 2), inference.ErrBadDims},                   // shared flag 2
		{mutate(tablesEnd+4*8, 0), inference.ErrBadDims},                   // eps 0
		{mutate(tablesEnd+44, 0x80808080), inference.ErrBadTensor},         // weight -128
		{setByte(file, tablesEnd+40, 9), inference.ErrBadTensor},           // weight width 9
		{setByte(file, len(file)-ropeBytes-1, 63), inference.ErrBadTensor}, // classifier row exponent 63
	}
	for i, c := range cases {
		_, err := inference.Decode(c.file)
		require.ErrorIs(t, err, c.err, "case %d", i)
	}
}

func setByte(file []byte, off int, v byte) []byte {
	b := append([]byte(nil), file...)
	b[off] = v
	return b
}

func TestDecodeSurvivesMutations(t *testing.T) {
	file := tinyFile(t)
	r := newSplitMix(99)
	for i := 0; i < 3000; i++ {
		b := append([]byte(nil), file...)
		for k := 0; k < 1+int(r.next()%4); k++ {
			b[r.next()%uint64(len(b))] = byte(r.next())
		}
		m, err := inference.Decode(b)
		if err == nil && m.Llama != nil { // a mutation inside weights may stay valid: it must still run
			_, err = m.Generate(inference.GenerateParams{Prompt: []uint32{1}, MaxNewTokens: 3, StopToken: inference.NoStopToken})
			require.NoError(t, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(tinyFile(f))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := inference.Decode(b)
		if err != nil || m.Llama == nil {
			return
		}
		_, _ = m.Generate(inference.GenerateParams{Prompt: []uint32{0}, MaxNewTokens: 2, StopToken: inference.NoStopToken})
	})
}

func TestMerkleRoot(t *testing.T) {
	tr := inference.NewTracer()
	tr.Record(0, 0, []int32{1})
	tr.Record(0, 1, []int32{2})
	tr.Record(1, 0, []int32{1})
	a, b, c := tr.Leaves[0], tr.Leaves[1], tr.Leaves[2]
	require.NotEqual(t, a, c, "position is part of the leaf")
	require.Equal(t, a, inference.MerkleRoot(tr.Leaves[:1]))
	ab := inference.MerkleRoot([][32]byte{a, b})
	require.Equal(t, inference.MerkleRoot([][32]byte{ab, c}), tr.Root())
	require.Equal(t, [32]byte{}, inference.MerkleRoot(nil))
	require.NotEqual(t, ab, inference.MerkleRoot([][32]byte{b, a}))
}
