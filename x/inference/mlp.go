package inference

import (
	"errors"
	"fmt"
)

// ErrBadSampling reports invalid sampling parameters.
var ErrBadSampling = errors.New("inference: invalid sampling parameters")

// Inference is the result of an MLP run.
type Inference struct {
	Logits    []int32 // Q16
	TraceRoot [32]byte
}

// Infer runs an MLP on a Q16 input vector. The trace has one leaf per layer
// output at position 0.
func (m *Model) Infer(input []int32) (*Inference, error) {
	if m.MLP == nil {
		return nil, ErrNotMLP
	}
	if len(input) != m.MLP.InputDim {
		return nil, fmt.Errorf("%w: %d != %d", ErrBadInputLength, len(input), m.MLP.InputDim)
	}
	tr := NewTracer()
	x := input
	for i := range m.MLP.Layers {
		x = m.MLP.Layers[i].forward(x)
		tr.Record(0, i, x)
	}
	return &Inference{Logits: x, TraceRoot: tr.Root()}, nil
}

func (l *DenseLayer) forward(x []int32) []int32 {
	qx := NewQVector(len(x))
	qx.Quantize(x)
	out := make([]int32, l.W.Rows)
	l.W.MatVec(out, qx)
	for i := range out {
		v := Sat32(int64(out[i]) + int64(l.Bias[i]))
		if l.Act == ActReLU && v < 0 {
			v = 0
		}
		out[i] = v
	}
	return out
}

// Probabilities returns softmax(logits) in Q16.
func (t *Tables) Probabilities(logits []int32) []int32 {
	out := make([]int32, len(logits))
	t.Softmax(out, logits, make([]int64, len(logits)))
	return out
}
