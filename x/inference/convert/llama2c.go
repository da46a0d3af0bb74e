package convert

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// llama2cHeaderLen is the size of a llama2.c checkpoint header (7 int32).
const llama2cHeaderLen = 28

// FloatLayer is one transformer block of a float checkpoint.
type FloatLayer struct {
	AttnNorm, WQ, WK, WV, WO, FFNNorm, W1, W2, W3 []float32
}

// FloatLlama is a llama2.c checkpoint in memory (float32 weights).
type FloatLlama struct {
	Config     inference.LlamaConfig
	Embed      []float32 // Vocab x Dim
	Layers     []FloatLayer
	FinalNorm  []float32
	Classifier []float32 // Vocab x Dim (the embedding when shared)
}

// ReadLlama2C parses a llama2.c (version 0, float32) checkpoint: a header
// of dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size (negative
// when the classifier is separate), seq_len, then the weights. The file size
// must match the header exactly.
func ReadLlama2C(data []byte) (*FloatLlama, error) {
	if len(data) < llama2cHeaderLen {
		return nil, fmt.Errorf("%w: short header", ErrBadCheckpoint)
	}
	h := make([]int32, 7)
	for i := range h {
		h[i] = int32(binary.LittleEndian.Uint32(data[4*i:]))
	}
	c := inference.LlamaConfig{
		Dim: int(h[0]), Hidden: int(h[1]), Layers: int(h[2]), Heads: int(h[3]), KVHeads: int(h[4]),
		Vocab: int(h[5]), SeqLen: int(h[6]), SharedClassifier: h[5] > 0, NormEps: 42950, // round(1e-5 * 2^32)
	}
	if c.Vocab < 0 {
		c.Vocab = -c.Vocab
	}
	if err := checkLimits(&c); err != nil {
		return nil, err
	}
	floats := int64(len(data)-llama2cHeaderLen) / 4
	if want := checkpointFloats(&c); floats != want || (len(data)-llama2cHeaderLen)%4 != 0 {
		return nil, fmt.Errorf("%w: %d weights, header implies %d", ErrBadCheckpoint, floats, want)
	}
	return parseWeights(&c, data[llama2cHeaderLen:]), nil
}

func checkLimits(c *inference.LlamaConfig) error {
	if c.Dim > inference.MaxDim || c.Hidden > inference.MaxHidden || c.Layers > inference.MaxLayers ||
		c.Heads > inference.MaxHeads || c.Vocab > inference.MaxVocab || c.SeqLen > inference.MaxSeqLen {
		return fmt.Errorf("%w: dimensions over the engine's limits", ErrBadCheckpoint)
	}
	if err := c.Validate(); err != nil {
		return fmt.Errorf("%w: %v", ErrBadCheckpoint, err)
	}
	return nil
}

func checkpointFloats(c *inference.LlamaConfig) int64 {
	d, kv, hd, v := int64(c.Dim), int64(c.KVDim()), int64(c.HeadDim()), int64(c.Vocab)
	perLayer := 2*d + 2*d*d + 2*d*kv + 3*d*int64(c.Hidden)
	n := v*d + int64(c.Layers)*perLayer + d + int64(c.SeqLen)*hd // + legacy freq_cis_real/imag
	if !c.SharedClassifier {
		n += v * d
	}
	return n
}

// parseWeights slices the (size-checked) weights in llama2.c order.
func parseWeights(c *inference.LlamaConfig, b []byte) *FloatLlama {
	off := 0
	next := func(n int) []float32 {
		out := make([]float32, n)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*(off+i):]))
		}
		off += n
		return out
	}
	d, kv, hid, L := c.Dim, c.KVDim(), c.Hidden, c.Layers
	f := &FloatLlama{Config: *c, Embed: next(c.Vocab * d), Layers: make([]FloatLayer, L)}
	fields := []struct {
		n   int
		set func(l *FloatLayer, v []float32)
	}{
		{d, func(l *FloatLayer, v []float32) { l.AttnNorm = v }},
		{d * d, func(l *FloatLayer, v []float32) { l.WQ = v }},
		{kv * d, func(l *FloatLayer, v []float32) { l.WK = v }},
		{kv * d, func(l *FloatLayer, v []float32) { l.WV = v }},
		{d * d, func(l *FloatLayer, v []float32) { l.WO = v }},
		{d, func(l *FloatLayer, v []float32) { l.FFNNorm = v }},
		{hid * d, func(l *FloatLayer, v []float32) { l.W1 = v }},
		{d * hid, func(l *FloatLayer, v []float32) { l.W2 = v }},
		{hid * d, func(l *FloatLayer, v []float32) { l.W3 = v }},
	}
	for _, fl := range fields { // llama2.c stores each tensor for all layers
		for l := 0; l < L; l++ {
			fl.set(&f.Layers[l], next(fl.n))
		}
	}
	f.FinalNorm = next(d)
	off += c.SeqLen * c.HeadDim() // skip the legacy RoPE tables
	f.Classifier = f.Embed
	if !c.SharedClassifier {
		f.Classifier = next(c.Vocab * d)
	}
	return f
}

// Precision chooses how a decoder is quantized.
type Precision struct {
	GroupSize int
	// BlockBits is the weight width (8 or 16) of the transformer blocks'
	// matrices; ClassifierBits that of the embedding and classifier.
	BlockBits, ClassifierBits int
}

// Precisions the converter offers.
var (
	// Int8 is the baseline: int8 weights everywhere, groups of 32.
	Int8 = Precision{GroupSize: 32, BlockBits: 8, ClassifierBits: 8}
	// Wide keeps int16 weights (groups of 32) where a tiny model needs them
	// to track its float original (>= 95% top-1 agreement on stories260K).
	Wide = Precision{GroupSize: 32, BlockBits: 16, ClassifierBits: 16}
)

// Quantize converts the float checkpoint to an integer model.
func (f *FloatLlama) Quantize(p Precision) (*inference.Model, error) {
	c := f.Config
	m := &inference.Llama{Config: c, FinalNorm: ToQ16(f.FinalNorm), Layers: make([]inference.LlamaLayer, c.Layers)}
	var err error
	q := func(w []float32, rows, cols, bits int) inference.QMatrix {
		if err != nil {
			return inference.QMatrix{}
		}
		var mat inference.QMatrix
		mat, err = QuantizeMatrix(w, rows, cols, p.GroupSize, bits)
		return mat
	}
	b := p.BlockBits
	for i, l := range f.Layers {
		m.Layers[i] = inference.LlamaLayer{
			AttnNorm: ToQ16(l.AttnNorm), FFNNorm: ToQ16(l.FFNNorm),
			WQ: q(l.WQ, c.Dim, c.Dim, b), WK: q(l.WK, c.KVDim(), c.Dim, b), WV: q(l.WV, c.KVDim(), c.Dim, b),
			WO: q(l.WO, c.Dim, c.Dim, b), W1: q(l.W1, c.Hidden, c.Dim, b), W2: q(l.W2, c.Dim, c.Hidden, b),
			W3: q(l.W3, c.Hidden, c.Dim, b),
		}
	}
	m.Embed = q(f.Embed, c.Vocab, c.Dim, p.ClassifierBits)
	m.Classifier = m.Embed
	if !c.SharedClassifier {
		m.Classifier = q(f.Classifier, c.Vocab, c.Dim, p.ClassifierBits)
	}
	if err != nil {
		return nil, err
	}
	m.RopeCos, m.RopeSin = RopeTables(c.SeqLen, c.HeadDim())
	return &inference.Model{Arch: inference.ArchLlama, GroupSize: p.GroupSize, Tables: Tables(), Llama: m}, nil
}
