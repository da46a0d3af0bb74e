package convert

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// GGUFReport says how exactly a GGUF model was carried over.
type GGUFReport struct {
	Q8Tensors, OtherTensors int // Q8_0 tensors copied, F32/F16 tensors quantized
	// InexactGroups counts Q8_0 groups that could not be copied bit for bit:
	// a scale under 1/16 of its row's largest keeps 15 bits relative to that
	// maximum, and a weight of -128 becomes -127.
	InexactGroups int
}

// Lossless reports whether every Q8_0 weight and scale was kept exactly.
func (r *GGUFReport) Lossless() bool { return r.InexactGroups == 0 }

// q8Matrix converts a Q8_0 tensor (rows of Dims[0]) to an int8 matrix with
// groups of 32. A block's f16 scale is m * 2^p exactly (m < 2^11); row i
// takes the exponent E = 4 - max p, so every block within 16x of the row's
// largest has the exact mantissa m * 2^(p+E) < 2^15.
func q8Matrix(t *GGUFTensor, rep *GGUFReport) (inference.QMatrix, error) {
	cols, rows := int(t.Dims[0]), int(tensorRows(t))
	groups := cols / q8BlockLen
	m := inference.QMatrix{Rows: rows, Cols: cols, GroupSize: q8BlockLen, Bits: 8, W8: make([]int8, rows*cols),
		Mant: make([]uint16, rows*groups), Exp: make([]uint8, rows)}
	for i := 0; i < rows; i++ {
		blocks := t.Data[i*groups*q8BlockBytes : (i+1)*groups*q8BlockBytes]
		pmax := -1 << 30
		for g := 0; g < groups; g++ {
			_, mm, p, ok := f16Parts(binary.LittleEndian.Uint16(blocks[g*q8BlockBytes:]))
			if !ok {
				return m, fmt.Errorf("%w: %s row %d has a non-finite scale", ErrBadGGUF, t.Name, i)
			}
			if mm != 0 {
				pmax = max(pmax, p)
			}
		}
		e := min(max(4-pmax, 0), inference.MaxScaleExp)
		m.Exp[i] = uint8(e)
		for g := 0; g < groups; g++ {
			b := blocks[g*q8BlockBytes : (g+1)*q8BlockBytes]
			if !q8Group(b, e, m.W8[i*cols+g*q8BlockLen:], &m.Mant[i*groups+g]) {
				rep.InexactGroups++
			}
		}
	}
	return m, nil
}

// q8Group copies one Q8_0 block at row exponent e; it reports whether the
// copy is exact.
func q8Group(b []byte, e int, w []int8, mant *uint16) bool {
	neg, m, p, _ := f16Parts(binary.LittleEndian.Uint16(b))
	exact := true
	v := uint64(m)
	if s := p + e; s >= 0 {
		v <<= uint(s)
	} else {
		r := uint64(inference.RoundShift(int64(v), uint(-s)))
		exact = r<<uint(-s) == v
		v = r
	}
	if v > inference.MaxMantissa {
		v, exact = inference.MaxMantissa, false
	}
	*mant = uint16(v)
	for j := 0; j < q8BlockLen; j++ {
		q := int(int8(b[2+j]))
		if neg {
			q = -q
		}
		if q < -127 || q > 127 {
			q, exact = max(min(q, 127), -127), false
		}
		w[j] = int8(q)
	}
	return exact
}

func tensorRows(t *GGUFTensor) uint64 {
	n := uint64(1)
	for _, d := range t.Dims[1:] {
		n *= d
	}
	return n
}

// tensorFloats returns a tensor's values as float32 (Q8_0 blocks
// dequantized exactly: an f16 times an int8 fits a float32).
func tensorFloats(t *GGUFTensor) []float32 {
	n := int(t.Dims[0] * tensorRows(t))
	out := make([]float32, n)
	switch t.Type {
	case ggmlF32:
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.Data[4*i:]))
		}
	case ggmlF16:
		for i := range out {
			out[i] = f16ToFloat(binary.LittleEndian.Uint16(t.Data[2*i:]))
		}
	case ggmlQ8_0:
		for blk := 0; blk < n/q8BlockLen; blk++ {
			b := t.Data[blk*q8BlockBytes:]
			d := f16ToFloat(binary.LittleEndian.Uint16(b))
			for j := 0; j < q8BlockLen; j++ {
				out[blk*q8BlockLen+j] = d * float32(int8(b[2+j]))
			}
		}
	}
	return out
}

// ggufMeta reads an unsigned llama.* metadata value.
func ggufMeta(f *GGUFFile, key string, def uint64) (uint64, error) {
	v, ok := f.KV["llama."+key]
	if !ok {
		if def == 0 {
			return 0, fmt.Errorf("%w: missing llama.%s", ErrBadGGUF, key)
		}
		return def, nil
	}
	switch x := v.(type) {
	case uint64:
		return x, nil
	case int64:
		if x > 0 {
			return uint64(x), nil
		}
	}
	return 0, fmt.Errorf("%w: llama.%s = %v", ErrBadGGUF, key, v)
}

// ggufConfig reads the decoder's dimensions from the metadata.
func ggufConfig(f *GGUFFile) (inference.LlamaConfig, error) {
	var c inference.LlamaConfig
	if a, _ := f.KV["general.architecture"].(string); a != "llama" {
		return c, fmt.Errorf("%w: architecture %q (llama only)", ErrBadGGUF, a)
	}
	if b, ok := f.KV["llama.rope.freq_base"].(float64); ok && b != 10000 {
		return c, fmt.Errorf("%w: rope base %g (10000 only)", ErrBadGGUF, b)
	}
	emb, ok := f.Tensors["token_embd.weight"]
	if !ok || len(emb.Dims) != 2 {
		return c, fmt.Errorf("%w: no token_embd.weight matrix", ErrBadGGUF)
	}
	vals := make([]uint64, 6)
	for i, k := range []string{"embedding_length", "feed_forward_length", "block_count", "attention.head_count", "attention.head_count_kv", "context_length"} {
		def := uint64(0)
		if i == 4 {
			def = vals[3]
		}
		var err error
		if vals[i], err = ggufMeta(f, k, def); err != nil {
			return c, err
		}
	}
	eps := 1e-5
	if e, ok := f.KV["llama.attention.layer_norm_rms_epsilon"].(float64); ok {
		eps = e
	}
	c = inference.LlamaConfig{Dim: int(min(vals[0], 1<<20)), Hidden: int(min(vals[1], 1<<20)), Layers: int(min(vals[2], 1<<20)),
		Heads: int(min(vals[3], 1<<20)), KVHeads: int(min(vals[4], 1<<20)), Vocab: int(min(emb.Dims[1], 1<<30)),
		SeqLen: int(min(vals[5], inference.MaxSeqLen)), NormEps: max(int64(math.Round(eps*(1<<32))), 1)}
	_, hasOut := f.Tensors["output.weight"]
	c.SharedClassifier = !hasOut
	if err := checkLimits(&c); err != nil {
		return c, fmt.Errorf("%w: %v", ErrBadGGUF, err)
	}
	return c, nil
}

// ggufModel gathers the tensors of a GGUF llama into the integer model and
// its float reference.
type ggufModel struct {
	f   *GGUFFile
	p   Precision
	rep GGUFReport
	err error
	flt *FloatLlama
}

func (g *ggufModel) tensor(name string, rows, cols int) *GGUFTensor {
	t, ok := g.f.Tensors[name]
	if g.err == nil && (!ok || t.Dims[0] != uint64(cols) || tensorRows(t) != uint64(rows)) {
		g.err = fmt.Errorf("%w: tensor %q missing or not %d x %d", ErrBadGGUF, name, rows, cols)
	}
	if g.err != nil {
		return nil
	}
	return t
}

// matrix converts one weight matrix: Q8_0 exactly, F32/F16 at bits.
func (g *ggufModel) matrix(name string, rows, cols, bits int) (inference.QMatrix, []float32) {
	t := g.tensor(name, rows, cols)
	if t == nil {
		return inference.QMatrix{}, nil
	}
	floats := tensorFloats(t)
	var m inference.QMatrix
	if t.Type == ggmlQ8_0 {
		g.rep.Q8Tensors++
		m, g.err = q8Matrix(t, &g.rep)
	} else {
		g.rep.OtherTensors++
		m, g.err = QuantizeMatrix(floats, rows, cols, q8BlockLen, bits)
	}
	return m, floats
}

func (g *ggufModel) vector(name string, n int) []float32 {
	if t := g.tensor(name, 1, n); t != nil {
		return tensorFloats(t)
	}
	return nil
}

// ConvertGGUF converts a GGUF llama (llama2.c family: RoPE base 10000)
// into an integer model. Q8_0 matrices are copied exactly (groups of 32,
// see GGUFReport for the rare exceptions); F32/F16 matrices are quantized at
// p's widths. It also returns the float model the file stands for (Q8_0
// dequantized exactly), the reference for the error report.
func ConvertGGUF(data []byte, p Precision) (*inference.Model, *FloatLlama, *GGUFReport, error) {
	f, err := ParseGGUF(data)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := ggufConfig(f)
	if err != nil {
		return nil, nil, nil, err
	}
	g := &ggufModel{f: f, p: p, flt: &FloatLlama{Config: c, Layers: make([]FloatLayer, c.Layers)}}
	m := &inference.Llama{Config: c, Layers: make([]inference.LlamaLayer, c.Layers)}
	m.Embed, g.flt.Embed = g.matrix("token_embd.weight", c.Vocab, c.Dim, p.ClassifierBits)
	for i := 0; i < c.Layers && g.err == nil; i++ {
		g.layer(i, &m.Layers[i], &g.flt.Layers[i])
	}
	g.flt.FinalNorm = g.vector("output_norm.weight", c.Dim)
	m.Classifier, g.flt.Classifier = m.Embed, g.flt.Embed
	if !c.SharedClassifier {
		m.Classifier, g.flt.Classifier = g.matrix("output.weight", c.Vocab, c.Dim, p.ClassifierBits)
	}
	if g.err != nil {
		return nil, nil, nil, g.err
	}
	m.FinalNorm = ToQ16(g.flt.FinalNorm)
	m.RopeCos, m.RopeSin = RopeTables(c.SeqLen, c.HeadDim())
	model := &inference.Model{Arch: inference.ArchLlama, GroupSize: q8BlockLen, Tables: Tables(), Llama: m}
	return model, g.flt, &g.rep, nil
}

func (g *ggufModel) layer(i int, l *inference.LlamaLayer, fl *FloatLayer) {
	c, b := &g.flt.Config, g.p.BlockBits
	n := func(s string) string { return fmt.Sprintf("blk.%d.%s.weight", i, s) }
	fl.AttnNorm, fl.FFNNorm = g.vector(n("attn_norm"), c.Dim), g.vector(n("ffn_norm"), c.Dim)
	l.WQ, fl.WQ = g.matrix(n("attn_q"), c.Dim, c.Dim, b)
	l.WK, fl.WK = g.matrix(n("attn_k"), c.KVDim(), c.Dim, b)
	l.WV, fl.WV = g.matrix(n("attn_v"), c.KVDim(), c.Dim, b)
	l.WO, fl.WO = g.matrix(n("attn_output"), c.Dim, c.Dim, b)
	l.W1, fl.W1 = g.matrix(n("ffn_gate"), c.Hidden, c.Dim, b)
	l.W2, fl.W2 = g.matrix(n("ffn_down"), c.Dim, c.Hidden, b)
	l.W3, fl.W3 = g.matrix(n("ffn_up"), c.Hidden, c.Dim, b)
	l.AttnNorm, l.FFNNorm = ToQ16(fl.AttnNorm), ToQ16(fl.FFNNorm)
}
