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
	// matrices; ClassifierBits that of the classifier (and of the embedding
	// when the two are tied).
	BlockBits, ClassifierBits int
	// EmbedBits, when nonzero, stores the token embedding as its own table
	// of that width even if the checkpoint ties it to the classifier. The
	// embedding is a lookup table (no multiply-adds), so a wider one costs
	// file size, not speed.
	EmbedBits int
	// Calibrated quantizes the matrices with GPTQ error compensation
	// (QuantizeMatrixGPTQ) against Gram matrices collected by Calibrate on a
	// sample the model generates itself; otherwise every weight is rounded to
	// nearest (QuantizeMatrix).
	Calibrated bool
}

// Precisions the converter offers.
var (
	// Int8 is the baseline: int8 weights everywhere, groups of 32,
	// rounded to nearest.
	Int8 = Precision{GroupSize: 32, BlockBits: 8, ClassifierBits: 8}
	// Int8GPTQ is Int8 with GPTQ error compensation: the same file layout and
	// engine arithmetic, a smaller output error.
	Int8GPTQ = Precision{GroupSize: 32, BlockBits: 8, ClassifierBits: 8, Calibrated: true}
	// Int8WideLookup is Int8GPTQ with an untied int16 embedding table: every
	// matrix product still has int8 weights.
	Int8WideLookup = Precision{GroupSize: 32, BlockBits: 8, ClassifierBits: 8, EmbedBits: 16, Calibrated: true}
	// Wide keeps int16 weights (groups of 32) where a tiny model needs them
	// to track its float original (>= 95% top-1 agreement on stories260K).
	Wide = Precision{GroupSize: 32, BlockBits: 16, ClassifierBits: 16}
)

// The calibration sample of a Calibrated conversion (CalibrateSampled):
// calibrationSeqs sequences of up to calibrationLen tokens sampled at
// temperature 1 (the agreement tests use greedy continuations, so the
// sample is held out from them).
const (
	calibrationSeqs = 32
	calibrationLen  = 128
	calibrationSeed = 1
)

// Quantize converts the float checkpoint to an integer model.
func (f *FloatLlama) Quantize(p Precision) (*inference.Model, error) {
	var cal *Calibration
	if p.Calibrated {
		var err error
		if cal, err = f.calibrate(p.GroupSize); err != nil {
			return nil, err
		}
	}
	c := f.Config
	m := &inference.Llama{Config: c, FinalNorm: ToQ16(f.FinalNorm), Layers: make([]inference.LlamaLayer, c.Layers)}
	q := &matrixQuantizer{gs: p.GroupSize}
	for i, l := range f.Layers {
		g := cal.layer(i)
		m.Layers[i] = inference.LlamaLayer{
			AttnNorm: ToQ16(l.AttnNorm), FFNNorm: ToQ16(l.FFNNorm),
			WQ: q.do(l.WQ, c.Dim, c.Dim, p.BlockBits, g.QKV), WK: q.do(l.WK, c.KVDim(), c.Dim, p.BlockBits, g.QKV),
			WV: q.do(l.WV, c.KVDim(), c.Dim, p.BlockBits, g.QKV), WO: q.do(l.WO, c.Dim, c.Dim, p.BlockBits, g.WO),
			W1: q.do(l.W1, c.Hidden, c.Dim, p.BlockBits, g.W13), W2: q.do(l.W2, c.Dim, c.Hidden, p.BlockBits, g.W2),
			W3: q.do(l.W3, c.Hidden, c.Dim, p.BlockBits, g.W13),
		}
	}
	f.quantizeEnds(m, p, q, cal)
	if q.err != nil {
		return nil, q.err
	}
	m.RopeCos, m.RopeSin = RopeTables(c.SeqLen, c.HeadDim())
	return &inference.Model{Arch: inference.ArchLlama, GroupSize: p.GroupSize, Tables: Tables(), Llama: m}, nil
}

// quantizeEnds quantizes the embedding and the classifier. A tied matrix
// is also the embedding table, whose rows enter the residual stream as they
// are, so it is rounded to nearest; a separate classifier is compensated.
func (f *FloatLlama) quantizeEnds(m *inference.Llama, p Precision, q *matrixQuantizer, cal *Calibration) {
	c := &m.Config
	untie := !c.SharedClassifier || (p.EmbedBits != 0 && p.EmbedBits != p.ClassifierBits)
	embedBits := p.ClassifierBits
	if p.EmbedBits != 0 {
		embedBits = p.EmbedBits
	}
	m.Embed = q.do(f.Embed, c.Vocab, c.Dim, embedBits, nil)
	m.Classifier = m.Embed
	if untie {
		c.SharedClassifier = false
		m.Classifier = q.do(f.Classifier, c.Vocab, c.Dim, p.ClassifierBits, cal.classifier())
	}
}

// matrixQuantizer quantizes matrices until the first error, which it keeps.
type matrixQuantizer struct {
	gs  int
	err error
}

// do quantizes w with GPTQ against h, or to nearest when h is nil.
func (q *matrixQuantizer) do(w []float32, rows, cols, bits int, h []float64) inference.QMatrix {
	if q.err != nil {
		return inference.QMatrix{}
	}
	var m inference.QMatrix
	if h != nil {
		m, q.err = QuantizeMatrixGPTQ(w, rows, cols, q.gs, bits, h)
	} else {
		m, q.err = QuantizeMatrix(w, rows, cols, q.gs, bits)
	}
	return m
}

// calibrate converts f at int16 (the teacher: within 0.01 logits of the
// float model, and bit-exact on every machine, unlike a float pass), has it
// sample the calibration sequences and collects their Gram matrices.
func (f *FloatLlama) calibrate(gs int) (*Calibration, error) {
	teacher, err := f.Quantize(Precision{GroupSize: gs, BlockBits: 16, ClassifierBits: 16})
	if err != nil {
		return nil, err
	}
	return CalibrateSampled(teacher, calibrationSeqs, min(calibrationLen, f.Config.SeqLen), calibrationSeed)
}
