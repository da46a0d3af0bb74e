package convert

import (
	"fmt"
	"math"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// Calibration holds, for every matrix input of a decoder, the Gram matrix
// H = sum_t x_t x_t^T of the input vectors x_t the matrix read on a
// calibration sample. H weighs a weight error by how much it moves the
// matrix's outputs: the output error of row w is (w - q)^T H (w - q).
type Calibration struct {
	Dim, Hidden int
	Positions   int
	Layers      []LayerGrams
	Classifier  []float64 // Dim x Dim, the final-normalised input
}

// LayerGrams are the Gram matrices of one block's matrix inputs.
type LayerGrams struct {
	QKV, WO, W13 []float64 // Dim x Dim
	W2           []float64 // Hidden x Hidden
}

// layer returns the Gram matrices of block l; all nil for a nil
// calibration (round to nearest).
func (cal *Calibration) layer(l int) LayerGrams {
	if cal == nil {
		return LayerGrams{}
	}
	return cal.Layers[l]
}

// classifier returns the classifier's Gram matrix, nil for a nil
// calibration.
func (cal *Calibration) classifier() []float64 {
	if cal == nil {
		return nil
	}
	return cal.Classifier
}

// newCalibration allocates zero Gram matrices for the decoder c.
func newCalibration(c *inference.LlamaConfig) *Calibration {
	d, h := c.Dim, c.Hidden
	cal := &Calibration{Dim: d, Hidden: h, Layers: make([]LayerGrams, c.Layers), Classifier: make([]float64, d*d)}
	for l := range cal.Layers {
		cal.Layers[l] = LayerGrams{QKV: make([]float64, d*d), WO: make([]float64, d*d),
			W13: make([]float64, d*d), W2: make([]float64, h*h)}
	}
	return cal
}

// gram returns the Gram matrix that collects input in of layer.
func (cal *Calibration) gram(layer int, in inference.MatInput) []float64 {
	if in == inference.InputClassifier {
		return cal.Classifier
	}
	g := &cal.Layers[layer]
	switch in {
	case inference.InputQKV:
		return g.QKV
	case inference.InputWO:
		return g.WO
	case inference.InputW13:
		return g.W13
	default:
		return g.W2
	}
}

// observe adds x x^T to the Gram matrix of (layer, in). The elements
// q * 2^shift are exact in float64, each product is rounded on its own
// (no fused multiply-add) and the sums run in a fixed order, so the result
// is the same on every architecture.
func (cal *Calibration) observe(layer int, in inference.MatInput, x *inference.QVector) {
	h := cal.gram(layer, in)
	n := len(x.Q)
	v := make([]float64, n)
	for i, q := range x.Q {
		v[i] = math.Ldexp(float64(q), x.Shift)
	}
	for i, a := range v {
		row := h[i*n : (i+1)*n]
		for j := i; j < n; j++ {
			row[j] += float64(a * v[j])
		}
	}
}

// symmetrize copies every upper triangle to the lower one.
func (cal *Calibration) symmetrize() {
	fill := func(h []float64, n int) {
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				h[j*n+i] = h[i*n+j]
			}
		}
	}
	fill(cal.Classifier, cal.Dim)
	for _, g := range cal.Layers {
		fill(g.QKV, cal.Dim)
		fill(g.WO, cal.Dim)
		fill(g.W13, cal.Dim)
		fill(g.W2, cal.Hidden)
	}
}

// Calibrate runs the token sequences through the integer model teacher and
// collects the Gram matrix of every matrix input. The teacher is an integer
// model (bit-exact on every machine), so the calibration is deterministic.
func Calibrate(teacher *inference.Model, seqs [][]int) (*Calibration, error) {
	if teacher.Llama == nil {
		return nil, inference.ErrNotLlama
	}
	cal := newCalibration(&teacher.Llama.Config)
	for _, seq := range seqs {
		s, err := teacher.NewSession(len(seq))
		if err != nil {
			return nil, err
		}
		s.Observe(cal.observe)
		for _, tok := range seq {
			if _, err := s.Forward(tok); err != nil {
				return nil, err
			}
		}
		cal.Positions += len(seq)
	}
	cal.symmetrize()
	return cal, nil
}

// CalibrateSampled calibrates on n sequences of length tokens that the
// teacher samples itself, each from token 1 (BOS), at temperature 1 over
// the whole vocabulary (top-k off up to MaxTopK) with the draws of a
// splitmix64 stream seeded with seed: text in the model's own
// distribution, reproducible bit for bit, sampled and observed in one pass.
func CalibrateSampled(teacher *inference.Model, n, length int, seed uint64) (*Calibration, error) {
	if teacher.Llama == nil {
		return nil, inference.ErrNotLlama
	}
	cal := newCalibration(&teacher.Llama.Config)
	rng := splitMix(seed)
	for i := 0; i < n; i++ {
		s, err := teacher.NewSession(length)
		if err != nil {
			return nil, err
		}
		s.Observe(cal.observe)
		for tok, p := 1, 0; p < length; p++ {
			logits, err := s.Forward(tok)
			if err != nil {
				return nil, fmt.Errorf("calibration sequence %d: %w", i, err)
			}
			tok = teacher.Tables.Sample(logits, inference.One, 0, rng.next())
		}
		cal.Positions += length
	}
	cal.symmetrize()
	return cal, nil
}
