package convert

import (
	"fmt"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// FloatDense is one float dense layer: y = act(W x + B), W row-major out x in.
type FloatDense struct {
	W    []float32
	B    []float32
	Out  int
	ReLU bool
}

// FloatMLP is the documented small-MLP source format: an input width and
// dense layers (the output of the last layer is the logits).
type FloatMLP struct {
	In     int
	Layers []FloatDense
}

// Quantize converts the MLP to an integer model with the given group size.
func (f *FloatMLP) Quantize(groupSize int) (*inference.Model, error) {
	m := &inference.MLP{InputDim: f.In}
	in := f.In
	for i, l := range f.Layers {
		if len(l.W) != l.Out*in || len(l.B) != l.Out {
			return nil, fmt.Errorf("%w: layer %d shape", ErrBadCheckpoint, i)
		}
		w, err := QuantizeMatrix(l.W, l.Out, in, groupSize)
		if err != nil {
			return nil, err
		}
		act := inference.ActNone
		if l.ReLU {
			act = inference.ActReLU
		}
		m.Layers = append(m.Layers, inference.DenseLayer{W: w, Bias: ToQ16(l.B), Act: act})
		in = l.Out
	}
	return &inference.Model{Arch: inference.ArchMLP, GroupSize: groupSize, Tables: Tables(), MLP: m}, nil
}

// Forward runs the float MLP (the reference for the integer one).
func (f *FloatMLP) Forward(x []float32) []float32 {
	for _, l := range f.Layers {
		out := make([]float32, l.Out)
		matVec(out, l.W, x)
		for i := range out {
			out[i] += l.B[i]
			if l.ReLU && out[i] < 0 {
				out[i] = 0
			}
		}
		x = out
	}
	return x
}
