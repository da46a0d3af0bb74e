package convert

import (
	"fmt"
	"math"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// TensorError is the quantization error of one weight tensor.
type TensorError struct {
	Name    string
	RelRMSE float64 // sqrt(sum (w - dq)^2 / sum w^2)
	MaxAbs  float64 // max |w - dq|
}

// SampleReport compares the integer engine with the float reference on a
// token sequence under teacher forcing (both see the same context).
type SampleReport struct {
	Positions      int
	Top1Agree      int     // positions where both argmaxes agree
	MeanAbsLogit   float64 // mean |logit_int - logit_float|
	MaxAbsLogit    float64
	MeanLogitScale float64 // mean |logit_float|, for scale
}

// Agreement is the fraction of positions with equal top-1 tokens.
func (r *SampleReport) Agreement() float64 { return float64(r.Top1Agree) / float64(r.Positions) }

// String formats the report for the CLI.
func (r *SampleReport) String() string {
	return fmt.Sprintf("positions %d, top-1 agreement %.1f%%, logit error mean %.4f max %.4f (mean |logit| %.3f)",
		r.Positions, 100*r.Agreement(), r.MeanAbsLogit, r.MaxAbsLogit, r.MeanLogitScale)
}

// WeightErrors reports the quantization error of every matrix of m against f.
func WeightErrors(f *FloatLlama, m *inference.Model) []TensorError {
	out := []TensorError{tensorError("embed", f.Embed, &m.Llama.Embed)}
	for i, l := range f.Layers {
		q := &m.Llama.Layers[i]
		pairs := []struct {
			name string
			w    []float32
			m    *inference.QMatrix
		}{{"wq", l.WQ, &q.WQ}, {"wk", l.WK, &q.WK}, {"wv", l.WV, &q.WV}, {"wo", l.WO, &q.WO},
			{"w1", l.W1, &q.W1}, {"w2", l.W2, &q.W2}, {"w3", l.W3, &q.W3}}
		for _, p := range pairs {
			out = append(out, tensorError(fmt.Sprintf("layer%d.%s", i, p.name), p.w, p.m))
		}
	}
	return out
}

func tensorError(name string, w []float32, m *inference.QMatrix) TensorError {
	dq := DequantMatrix(m)
	var num, den, maxAbs float64
	for i, v := range w {
		d := float64(v) - dq[i]
		num, den, maxAbs = num+d*d, den+float64(v)*float64(v), math.Max(maxAbs, math.Abs(d))
	}
	return TensorError{Name: name, RelRMSE: math.Sqrt(num / math.Max(den, 1e-300)), MaxAbs: maxAbs}
}

// CompareLlama runs tokens through both models (teacher forcing) and
// reports how far the integer logits are from the float ones.
func CompareLlama(m *inference.Model, f *FloatLlama, tokens []int) (*SampleReport, error) {
	s, err := m.NewSession(len(tokens))
	if err != nil {
		return nil, err
	}
	fs := f.NewSession(len(tokens))
	r := &SampleReport{Positions: len(tokens)}
	var sumErr, sumScale float64
	for _, tok := range tokens {
		il, err := s.Forward(tok)
		if err != nil {
			return nil, err
		}
		fl := fs.Forward(tok)
		if inference.Argmax(il) == ArgmaxFloat(fl) {
			r.Top1Agree++
		}
		for i, v := range FromQ16(il) {
			d := math.Abs(v - float64(fl[i]))
			sumErr, sumScale, r.MaxAbsLogit = sumErr+d, sumScale+math.Abs(float64(fl[i])), math.Max(r.MaxAbsLogit, d)
		}
	}
	n := float64(len(tokens) * f.Config.Vocab)
	r.MeanAbsLogit, r.MeanLogitScale = sumErr/n, sumScale/n
	return r, nil
}

// GreedyFloat generates n tokens greedily with the float reference after
// the prompt, returning prompt and continuation together.
func GreedyFloat(f *FloatLlama, prompt []int, n int) []int {
	s := f.NewSession(len(prompt) + n)
	seq := append([]int(nil), prompt...)
	var logits []float32
	for _, t := range prompt {
		logits = s.Forward(t)
	}
	for i := 0; i < n; i++ {
		next := ArgmaxFloat(logits)
		seq = append(seq, next)
		if i+1 < n {
			logits = s.Forward(next)
		}
	}
	return seq
}
