package convert

import (
	"encoding/json"
	"fmt"
	"math"

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
		w, err := QuantizeMatrix(l.W, l.Out, in, groupSize, 8)
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

// MLP source format limits.
const (
	maxMLPJSONBytes = 64 << 20
	maxMLPJSONWidth = 1 << 16
)

// mlpJSON is the documented small-MLP source format (JSON):
//
//	{"input": 4, "layers": [
//	  {"out": 8, "relu": true, "w": [... 8*4 row-major floats ...], "b": [... 8 ...]},
//	  {"out": 3, "relu": false, "w": [... 3*8 ...], "b": [... 3 ...]}]}
//
// Row i of a layer's w holds the weights of output i; the last layer's
// outputs are the logits.
type mlpJSON struct {
	Input  int `json:"input"`
	Layers []struct {
		Out  int       `json:"out"`
		ReLU bool      `json:"relu"`
		W    []float32 `json:"w"`
		B    []float32 `json:"b"`
	} `json:"layers"`
}

// ReadMLPJSON parses the small-MLP source format (see mlpJSON).
func ReadMLPJSON(data []byte) (*FloatMLP, error) {
	if len(data) > maxMLPJSONBytes {
		return nil, fmt.Errorf("%w: MLP file over %d bytes", ErrBadCheckpoint, maxMLPJSONBytes)
	}
	var src mlpJSON
	if err := json.Unmarshal(data, &src); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadCheckpoint, err)
	}
	if src.Input <= 0 || src.Input > maxMLPJSONWidth || len(src.Layers) == 0 || len(src.Layers) > inference.MaxMLPLayers {
		return nil, fmt.Errorf("%w: input %d, %d layers", ErrBadCheckpoint, src.Input, len(src.Layers))
	}
	f := &FloatMLP{In: src.Input}
	in := src.Input
	for i, l := range src.Layers {
		if l.Out <= 0 || l.Out > maxMLPJSONWidth || len(l.W) != l.Out*in || len(l.B) != l.Out {
			return nil, fmt.Errorf("%w: layer %d: out %d, %d weights, %d biases", ErrBadCheckpoint, i, l.Out, len(l.W), len(l.B))
		}
		f.Layers = append(f.Layers, FloatDense{W: l.W, B: l.B, Out: l.Out, ReLU: l.ReLU})
		in = l.Out
	}
	return f, nil
}

// MLPReport compares an integer MLP with its float source on inputs.
type MLPReport struct {
	Samples, Top1Agree int
	MaxAbsLogit        float64
}

// String formats the report for the CLI.
func (r *MLPReport) String() string {
	return fmt.Sprintf("samples %d, top-1 agreement %d/%d, max logit error %.5f", r.Samples, r.Top1Agree, r.Samples, r.MaxAbsLogit)
}

// CompareMLP runs n seeded inputs uniform in [-1, 1) through both models.
func CompareMLP(m *inference.Model, f *FloatMLP, n int, seed uint64) (*MLPReport, error) {
	rng := splitMix(seed)
	r := &MLPReport{Samples: n}
	for s := 0; s < n; s++ {
		x := make([]float32, f.In)
		for i := range x {
			x[i] = float32(rng.unit()*2 - 1)
		}
		want := f.Forward(x)
		got, err := m.Infer(ToQ16(x))
		if err != nil {
			return nil, err
		}
		if inference.Argmax(got.Logits) == ArgmaxFloat(want) {
			r.Top1Agree++
		}
		for i, v := range FromQ16(got.Logits) {
			r.MaxAbsLogit = math.Max(r.MaxAbsLogit, math.Abs(v-float64(want[i])))
		}
	}
	return r, nil
}
