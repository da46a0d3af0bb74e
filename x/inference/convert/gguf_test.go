package convert

import (
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// ggufWriter builds a GGUF v3 file from scratch for the tests.
type ggufWriter struct {
	kv      []byte
	nkv     int
	infos   []byte
	data    []byte
	tensors int
}

func (w *ggufWriter) str(b []byte, s string) []byte {
	return append(binary.LittleEndian.AppendUint64(b, uint64(len(s))), s...)
}

func (w *ggufWriter) u32(key string, v uint32) {
	w.kv = binary.LittleEndian.AppendUint32(w.str(w.kv, key), ggufU32)
	w.kv = binary.LittleEndian.AppendUint32(w.kv, v)
	w.nkv++
}

func (w *ggufWriter) f32(key string, v float32) {
	w.kv = binary.LittleEndian.AppendUint32(w.str(w.kv, key), ggufF32)
	w.kv = binary.LittleEndian.AppendUint32(w.kv, math.Float32bits(v))
	w.nkv++
}

func (w *ggufWriter) string(key, v string) {
	w.kv = w.str(binary.LittleEndian.AppendUint32(w.str(w.kv, key), ggufString), v)
	w.nkv++
}

func (w *ggufWriter) stringArray(key string, vs []string) {
	w.kv = binary.LittleEndian.AppendUint32(w.str(w.kv, key), ggufArray)
	w.kv = binary.LittleEndian.AppendUint32(w.kv, ggufString)
	w.kv = binary.LittleEndian.AppendUint64(w.kv, uint64(len(vs)))
	for _, v := range vs {
		w.kv = w.str(w.kv, v)
	}
	w.nkv++
}

func (w *ggufWriter) tensor(name string, dims []uint64, typ uint32, data []byte) {
	for len(w.data)%32 != 0 {
		w.data = append(w.data, 0)
	}
	w.infos = binary.LittleEndian.AppendUint32(w.str(w.infos, name), uint32(len(dims)))
	for _, d := range dims {
		w.infos = binary.LittleEndian.AppendUint64(w.infos, d)
	}
	w.infos = binary.LittleEndian.AppendUint32(w.infos, typ)
	w.infos = binary.LittleEndian.AppendUint64(w.infos, uint64(len(w.data)))
	w.data = append(w.data, data...)
	w.tensors++
}

func (w *ggufWriter) bytes() []byte {
	b := binary.LittleEndian.AppendUint32([]byte("GGUF"), 3)
	b = binary.LittleEndian.AppendUint64(b, uint64(w.tensors))
	b = binary.LittleEndian.AppendUint64(b, uint64(w.nkv))
	b = append(append(b, w.kv...), w.infos...)
	for len(b)%32 != 0 {
		b = append(b, 0)
	}
	return append(b, w.data...)
}

// q8Data returns rows x cols of Q8_0 blocks with random weights and f16
// scales between 2^-10 and 2^-7.
func q8Data(rng *splitMix, rows, cols int) []byte {
	var out []byte
	for i := 0; i < rows*cols/32; i++ {
		exp := 5 + uint16(rng.unit()*3)                // f16 exponent field 5..7: 2^-10 .. 2^-8 times 1.x
		h := exp<<10 | uint16(rng.unit()*1024)         // positive normal half
		h |= uint16(rng.unit()*2) << 15                // random sign
		out = binary.LittleEndian.AppendUint16(out, h) // scale
		for j := 0; j < 32; j++ {
			out = append(out, byte(int8(int(rng.unit()*255)-127)))
		}
	}
	return out
}

func f32Data(v []float32) []byte {
	var out []byte
	for _, x := range v {
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(x))
	}
	return out
}

var ggufShape = inference.LlamaConfig{Dim: 64, Hidden: 96, Layers: 2, Heads: 4, KVHeads: 2, Vocab: 48, SeqLen: 32}

// tinyGGUF writes a llama GGUF of ggufShape: Q8_0 matrices, F32 norms and
// an F32 classifier.
func tinyGGUF(seed uint64) []byte {
	c, rng := ggufShape, splitMix(seed)
	w := &ggufWriter{}
	w.string("general.architecture", "llama")
	w.u32("general.alignment", 32)
	for k, v := range map[string]int{"embedding_length": c.Dim, "feed_forward_length": c.Hidden, "block_count": c.Layers,
		"attention.head_count": c.Heads, "attention.head_count_kv": c.KVHeads, "context_length": c.SeqLen} {
		w.u32("llama."+k, uint32(v))
	}
	w.f32("llama.attention.layer_norm_rms_epsilon", 1e-5)
	w.stringArray("tokenizer.ggml.tokens", []string{"<unk>", "<s>", "</s>"})
	norm := make([]float32, c.Dim)
	for i := range norm {
		norm[i] = 0.5 + float32(rng.unit())
	}
	w.tensor("token_embd.weight", []uint64{uint64(c.Dim), uint64(c.Vocab)}, ggmlQ8_0, q8Data(&rng, c.Vocab, c.Dim))
	for l := 0; l < c.Layers; l++ {
		n := func(s string) string { return fmt.Sprintf("blk.%d.%s.weight", l, s) }
		w.tensor(n("attn_norm"), []uint64{uint64(c.Dim)}, ggmlF32, f32Data(norm))
		for _, m := range []struct {
			name       string
			rows, cols int
		}{{"attn_q", c.Dim, c.Dim}, {"attn_k", c.KVDim(), c.Dim}, {"attn_v", c.KVDim(), c.Dim}, {"attn_output", c.Dim, c.Dim},
			{"ffn_gate", c.Hidden, c.Dim}, {"ffn_down", c.Dim, c.Hidden}, {"ffn_up", c.Hidden, c.Dim}} {
			w.tensor(n(m.name), []uint64{uint64(m.cols), uint64(m.rows)}, ggmlQ8_0, q8Data(&rng, m.rows, m.cols))
		}
		w.tensor(n("ffn_norm"), []uint64{uint64(c.Dim)}, ggmlF32, f32Data(norm))
	}
	w.tensor("output_norm.weight", []uint64{uint64(c.Dim)}, ggmlF32, f32Data(norm))
	cls := make([]float32, c.Vocab*c.Dim)
	for i := range cls {
		cls[i] = float32(rng.unit()-0.5) * 0.2
	}
	w.tensor("output.weight", []uint64{uint64(c.Dim), uint64(c.Vocab)}, ggmlF32, f32Data(cls))
	return w.bytes()
}

func TestGGUFQ8IsLossless(t *testing.T) {
	m, f, rep, err := ConvertGGUF(tinyGGUF(1), Wide)
	require.NoError(t, err)
	require.True(t, rep.Lossless())
	require.Equal(t, 1+7*ggufShape.Layers, rep.Q8Tensors)
	require.Equal(t, 1, rep.OtherTensors)
	require.False(t, m.Llama.Config.SharedClassifier)
	check := func(name string, q *inference.QMatrix, want []float32) {
		require.Equal(t, 8, q.Bits, name)
		got := DequantMatrix(q)
		for i, v := range want {
			require.Equal(t, float64(v), got[i], "%s[%d]", name, i)
		}
	}
	check("embed", &m.Llama.Embed, f.Embed)
	for i, l := range m.Llama.Layers {
		fl := f.Layers[i]
		for j, p := range []struct {
			q *inference.QMatrix
			w []float32
		}{{&l.WQ, fl.WQ}, {&l.WK, fl.WK}, {&l.WV, fl.WV}, {&l.WO, fl.WO}, {&l.W1, fl.W1}, {&l.W2, fl.W2}, {&l.W3, fl.W3}} {
			check(fmt.Sprintf("layer %d matrix %d", i, j), p.q, p.w)
		}
	}
	require.Equal(t, 16, m.Llama.Classifier.Bits) // F32 classifier quantized at Wide

	file, err := inference.Encode(m)
	require.NoError(t, err)
	back, err := inference.Decode(file)
	require.NoError(t, err)
	seq := GreedyFloat(f, []int{1}, 31)
	r, err := CompareLlama(back, f, seq)
	require.NoError(t, err)
	t.Log(r)
	require.GreaterOrEqual(t, r.Agreement(), 0.9)
}

func TestGGUFInexactScalesAreCounted(t *testing.T) {
	// one row: block 0 scale 1.0 (f16 0x3c00), block 1 scale 2^-10 * 1.5 (not within 16x)
	b := binary.LittleEndian.AppendUint16(nil, 0x3c00)
	b = append(b, make([]byte, 32)...)
	b = binary.LittleEndian.AppendUint16(b, 0x1600|0x0001) // exponent 5: 2^-10 * (1 + 513/1024)
	b = append(b, 0x80)                                    // weight -128
	b = append(b, make([]byte, 31)...)
	rep := &GGUFReport{}
	m, err := q8Matrix(&GGUFTensor{Name: "x", Dims: []uint64{64, 1}, Type: ggmlQ8_0, Data: b}, rep)
	require.NoError(t, err)
	require.Equal(t, 1, rep.InexactGroups)
	require.Equal(t, int8(-127), m.W8[32])
	require.Equal(t, uint16(1024<<4), m.Mant[0])
}

func TestGGUFRejectsMalformed(t *testing.T) {
	good := tinyGGUF(2)
	for n := 0; n < len(good); n += 1 + n/16 {
		_, _, _, err := ConvertGGUF(good[:n], Wide)
		require.Error(t, err, "prefix %d", n)
	}
	bad := append([]byte(nil), good...)
	copy(bad[4:], []byte{9, 0, 0, 0}) // version 9
	_, _, _, err := ConvertGGUF(bad, Wide)
	require.ErrorIs(t, err, ErrBadGGUF)
	_, err = ParseGGUF([]byte("GGML"))
	require.ErrorIs(t, err, ErrBadGGUF)
}

func TestMLPJSONConvertsAndReports(t *testing.T) {
	src := `{"input": 3, "layers": [
	  {"out": 4, "relu": true, "w": [0.5,-0.25,0.1, 0.3,0.2,-0.4, -0.6,0.1,0.05, 0.2,0.2,0.2], "b": [0.1,0,-0.1,0.05]},
	  {"out": 2, "relu": false, "w": [1,-1,0.5,0.25, -0.5,0.75,0.1,-0.2], "b": [0,0.1]}]}`
	f, err := ReadMLPJSON([]byte(src))
	require.NoError(t, err)
	m, err := f.Quantize(32)
	require.NoError(t, err)
	r, err := CompareMLP(m, f, 64, 3)
	require.NoError(t, err)
	require.GreaterOrEqual(t, r.Top1Agree, 62, r.String())
	require.Less(t, r.MaxAbsLogit, 0.02)
	for _, bad := range []string{`{}`, `{"input": 3, "layers": [{"out": 2, "w": [1], "b": [0, 0]}]}`, `nope`} {
		_, err := ReadMLPJSON([]byte(bad))
		require.ErrorIs(t, err, ErrBadCheckpoint, bad)
	}
}
