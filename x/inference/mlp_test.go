package inference_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/inference"
	"github.com/hyperion-rollup/hyperion/x/inference/convert"
)

func dense(rows, cols int, w []int8, exp uint8, bias []int32, act inference.Activation) inference.DenseLayer {
	m := inference.QMatrix{Rows: rows, Cols: cols, GroupSize: 32, Bits: 8, W8: w,
		Mant: make([]uint16, rows), Exp: make([]uint8, rows)}
	for i := range m.Mant {
		m.Mant[i], m.Exp[i] = 1<<14, exp
	}
	return inference.DenseLayer{W: m, Bias: bias, Act: act}
}

// handMLP is a 2 -> 2 (ReLU) -> 3 network whose outputs are derived by hand
// from the documented rounding rule (see TestMLPHandComputed).
func handMLP() *inference.Model {
	return &inference.Model{Arch: inference.ArchMLP, GroupSize: 32, Tables: convert.Tables(), MLP: &inference.MLP{
		InputDim: 2,
		Layers: []inference.DenseLayer{
			dense(2, 2, []int8{127, -127, 64, 0}, 21, []int32{0, -16384}, inference.ActReLU), // scale 2^-7
			dense(3, 2, []int8{100, 0, 0, 100, -50, 50}, 20, []int32{0, 65536, 0}, inference.ActNone),
		},
	}}
}

// TestMLPHandComputed checks the engine against values derived by hand:
//
// Layer 1 (scale 2^14 * 2^-21 = 2^-7), x = (1.0, 0.5) = (65536, 32768): max
// 65536 has 17 bits, so Shift = 2 and q = (16384, 8192). Row 0: dot = 127 *
// 16384 - 127 * 8192 = 1040384; * 2^14 >> (21 - 2) = 32512. Row 1: 64 *
// 16384 = 1048576 -> 32768, bias -16384 -> 16384.
//
// Layer 2 (scale 2^-6), h = (32512, 16384): 15 bits, Shift 0. Row 0: 100 *
// 32512 * 2^14 >> 20 = 50800. Row 1: 1638400 / 64 = 25600 + 65536 = 91136.
// Row 2: (-50 * 32512 + 50 * 16384) / 64 = -12600.
func TestMLPHandComputed(t *testing.T) {
	m := handMLP()
	res, err := m.Infer([]int32{65536, 32768})
	require.NoError(t, err)
	require.Equal(t, []int32{50800, 91136, -12600}, res.Logits)
	require.Equal(t, 1, inference.Argmax(res.Logits))
	p := m.Tables.Probabilities(res.Logits)
	require.InDelta(t, 1<<16, int(p[0]+p[1]+p[2]), 2)
	require.Greater(t, p[1], p[0])
	require.Greater(t, p[0], p[2])

	file, err := inference.Encode(m)
	require.NoError(t, err)
	back, err := inference.Decode(file)
	require.NoError(t, err)
	res2, err := back.Infer([]int32{65536, 32768})
	require.NoError(t, err)
	require.Equal(t, res, res2)

	_, err = m.Infer([]int32{1})
	require.ErrorIs(t, err, inference.ErrBadInputLength)
	_, err = m.Generate(inference.GenerateParams{Prompt: []uint32{1}})
	require.ErrorIs(t, err, inference.ErrNotLlama)
}

// TestMLPAgainstFloat converts a float MLP and checks the integer logits
// against the float ones.
func TestMLPAgainstFloat(t *testing.T) {
	rng := newSplitMix(7)
	f := &convert.FloatMLP{In: 40}
	in := 40
	for _, out := range []int{24, 10} {
		l := convert.FloatDense{Out: out, ReLU: out != 10, W: make([]float32, out*in), B: make([]float32, out)}
		for i := range l.W {
			l.W[i] = rng.float(0.3)
		}
		for i := range l.B {
			l.B[i] = rng.float(0.1)
		}
		f.Layers = append(f.Layers, l)
		in = out
	}
	m, err := f.Quantize(32)
	require.NoError(t, err)
	agree := 0
	for s := 0; s < 50; s++ {
		x := make([]float32, 40)
		for i := range x {
			x[i] = rng.float(2)
		}
		want := f.Forward(x)
		got, err := m.Infer(convert.ToQ16(x))
		require.NoError(t, err)
		for i, v := range convert.FromQ16(got.Logits) {
			require.InDelta(t, want[i], v, 0.05, "sample %d logit %d", s, i)
		}
		if inference.Argmax(got.Logits) == convert.ArgmaxFloat(want) {
			agree++
		}
	}
	require.GreaterOrEqual(t, agree, 48)
}

// splitMix is a tiny deterministic generator for test data.
type splitMix struct{ s uint64 }

func newSplitMix(seed uint64) *splitMix { return &splitMix{seed} }

func (r *splitMix) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float returns a value in [-scale, scale).
func (r *splitMix) float(scale float32) float32 {
	return (float32(r.next()>>40)/float32(1<<24)*2 - 1) * scale
}

// int8 returns a weight in [-127, 127].
func (r *splitMix) int8() int8 { return int8(int(r.next()%255) - 127) }
