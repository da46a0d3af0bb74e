package convert

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// outputError is sum_i (w_i - dq_i)^T H (w_i - dq_i) over the rows.
func outputError(w []float32, m *inference.QMatrix, h []float64) float64 {
	dq, n := DequantMatrix(m), m.Cols
	var total float64
	for i := 0; i < m.Rows; i++ {
		for a := 0; a < n; a++ {
			da := float64(w[i*n+a]) - dq[i*n+a]
			for b := 0; b < n; b++ {
				total += da * h[a*n+b] * (float64(w[i*n+b]) - dq[i*n+b])
			}
		}
	}
	return total
}

// correlatedGram returns sum_t x_t x_t^T for samples x = A z with a seeded
// random mixing matrix A and one strong input direction.
func correlatedGram(n, samples int, rng *splitMix) []float64 {
	a := make([]float64, n*n)
	for i := range a {
		a[i] = rng.unit()*2 - 1
	}
	h := make([]float64, n*n)
	x, z := make([]float64, n), make([]float64, n)
	for t := 0; t < samples; t++ {
		for i := range z {
			z[i] = rng.unit()*2 - 1
		}
		z[0] *= 8
		for i := range x {
			x[i] = 0
			for k := range z {
				x[i] += a[i*n+k] * z[k]
			}
		}
		for i := range x {
			for j := range x {
				h[i*n+j] += x[i] * x[j]
			}
		}
	}
	return h
}

func TestGPTQReducesOutputError(t *testing.T) {
	const rows, cols = 24, 80 // a short last group
	rng := splitMix(7)
	w := make([]float32, rows*cols)
	for i := range w {
		w[i] = float32(rng.unit()*2-1) * 0.1
	}
	h := correlatedGram(cols, 400, &rng)
	for _, bits := range []int{8, 16} {
		rtn, err := QuantizeMatrix(w, rows, cols, 32, bits)
		require.NoError(t, err)
		gptq, err := QuantizeMatrixGPTQ(w, rows, cols, 32, bits, h)
		require.NoError(t, err)
		er, eg := outputError(w, &rtn, h), outputError(w, &gptq, h)
		t.Logf("%d bits: output error rtn %.3g, gptq %.3g", bits, er, eg)
		require.Less(t, eg, 0.7*er, "%d bits", bits)
		again, err := QuantizeMatrixGPTQ(w, rows, cols, 32, bits, h)
		require.NoError(t, err)
		require.Equal(t, gptq, again)
		for _, m := range gptq.Mant {
			require.LessOrEqual(t, m, uint16(inference.MaxMantissa))
		}
		for _, v := range gptq.W8 {
			require.GreaterOrEqual(t, v, int8(-127))
		}
	}
	_, err := QuantizeMatrixGPTQ(w, rows, cols, 32, 8, h[:10])
	require.ErrorIs(t, err, ErrBadCheckpoint)
	_, err = QuantizeMatrixGPTQ(w, rows, cols, 32, 4, h)
	require.ErrorIs(t, err, ErrBadCheckpoint)
}

func TestInverseFactor(t *testing.T) {
	rng := splitMix(3)
	const n = 12
	h := correlatedGram(n, 50, &rng)
	u, err := inverseFactor(h, n)
	require.NoError(t, err)
	// U^T U (H + lambda I) = I.
	var mean float64
	for i := 0; i < n; i++ {
		mean += h[i*n+i]
	}
	damped := append([]float64(nil), h...)
	for i := 0; i < n; i++ {
		damped[i*n+i] += gptqDamping * mean / n
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for k := 0; k < n; k++ {
				var inv float64
				for m := 0; m < n; m++ {
					inv += u[m*n+i] * u[m*n+k]
				}
				s += inv * damped[k*n+j]
			}
			want := 0.0
			if i == j {
				want = 1
			}
			require.InDelta(t, want, s, 1e-9, "(%d, %d)", i, j)
		}
	}
	_, ok := cholesky([]float64{1, 2, 2, 1}, 2)
	require.False(t, ok, "indefinite")
}

func TestCalibrateSampled(t *testing.T) {
	_, teacher, _ := loadStoriesAt(t, Wide)
	a, err := CalibrateSampled(teacher, 2, 16, 9)
	require.NoError(t, err)
	b, err := CalibrateSampled(teacher, 2, 16, 9)
	require.NoError(t, err)
	require.Equal(t, a, b, "deterministic")
	require.Equal(t, 32, a.Positions)
	c := &teacher.Llama.Config
	require.Len(t, a.Layers, c.Layers)
	check := func(h []float64, n int) {
		require.Len(t, h, n*n)
		for i := 0; i < n; i++ {
			require.Greater(t, h[i*n+i], 0.0)
			for j := 0; j < i; j++ {
				require.Equal(t, h[i*n+j], h[j*n+i])
			}
		}
	}
	check(a.Classifier, c.Dim)
	for _, g := range a.Layers {
		check(g.QKV, c.Dim)
		check(g.WO, c.Dim)
		check(g.W13, c.Dim)
		check(g.W2, c.Hidden)
	}
	other, err := CalibrateSampled(teacher, 2, 16, 10)
	require.NoError(t, err)
	require.NotEqual(t, a.Classifier, other.Classifier, "the seed picks the sample")
}
