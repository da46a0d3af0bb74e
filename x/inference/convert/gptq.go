package convert

import (
	"errors"
	"fmt"
	"math"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// ErrNotPositiveDefinite is returned when a damped Gram matrix cannot be
// factorised.
var ErrNotPositiveDefinite = errors.New("convert: Gram matrix is not positive definite")

// gptqDamping is added to H's diagonal, relative to its mean diagonal,
// before it is inverted (GPTQ's "percdamp").
const gptqDamping = 0.01

// QuantizeMatrixGPTQ quantizes w like QuantizeMatrix but minimises the
// output error (w - q)^T H (w - q) of each row instead of the weight error,
// with H the Gram matrix of the matrix's inputs (cols x cols, see
// Calibrate). Columns are quantized left to right; each column's rounding
// error is spread over the columns not yet quantized through the upper
// Cholesky factor of H^-1 (the GPTQ method, Frantar et al. 2022). A group's
// scale is searched when the group is reached, on its compensated weights;
// the row exponent leaves one bit of headroom for compensated weights that
// outgrow the original ones.
func QuantizeMatrixGPTQ(w []float32, rows, cols, gs, bits int, h []float64) (inference.QMatrix, error) {
	w64 := make([]float64, len(w))
	for i, v := range w {
		w64[i] = float64(v)
	}
	return quantizeCompensated(w64, rows, cols, gs, bits, h)
}

// quantizeCompensated is QuantizeMatrixGPTQ for float64 weights.
func quantizeCompensated(w []float64, rows, cols, gs, bits int, h []float64) (inference.QMatrix, error) {
	if bits != 8 && bits != 16 {
		return inference.QMatrix{}, fmt.Errorf("%w: %d-bit weights", ErrBadCheckpoint, bits)
	}
	if len(h) != cols*cols || len(w) != rows*cols {
		return inference.QMatrix{}, fmt.Errorf("%w: Gram matrix %d, want %d", ErrBadCheckpoint, len(h), cols*cols)
	}
	u, err := inverseFactor(h, cols)
	if err != nil {
		return inference.QMatrix{}, err
	}
	groups := (cols + gs - 1) / gs
	m := inference.QMatrix{Rows: rows, Cols: cols, GroupSize: gs, Bits: bits,
		Mant: make([]uint16, rows*groups), Exp: make([]uint8, rows)}
	qmax := float64(int(1)<<(bits-1) - 1)
	q := make([]int32, rows*cols)
	work := make([]float64, cols)
	for i := 0; i < rows; i++ {
		row := w[i*cols : (i+1)*cols]
		e, err := rowExponent(row, qmax)
		if err != nil {
			return m, fmt.Errorf("row %d: %w", i, err)
		}
		m.Exp[i] = max(e, 1) - 1 // headroom: mantissas up to 2^15 - 1 cover twice the row's max
		copy(work, row)
		compensateRow(work, u, int(m.Exp[i]), gs, qmax, q[i*cols:(i+1)*cols], m.Mant[i*groups:(i+1)*groups])
	}
	m.W8, m.W16 = narrowWeights(q, bits)
	return m, nil
}

// compensateRow quantizes w in place of q and mant (see QuantizeMatrixGPTQ);
// u is the n x n upper Cholesky factor of H^-1. Every product is rounded on
// its own (explicit conversions forbid fused multiply-adds), so the result
// is the same on every architecture.
func compensateRow(w, u []float64, e, gs int, qmax float64, q []int32, mant []uint16) {
	n := len(w)
	var scale float64
	for j := 0; j < n; j++ {
		if j%gs == 0 {
			g := j / gs
			mant[g] = searchMantissa(w[j:min(j+gs, n)], e, qmax)
			scale = math.Ldexp(float64(mant[g]), -e)
		}
		q[j] = quantValue(w[j], scale, qmax)
		d := (w[j] - float64(float64(q[j])*scale)) / u[j*n+j]
		urow := u[j*n : (j+1)*n]
		for k := j + 1; k < n; k++ {
			w[k] -= float64(d * urow[k])
		}
	}
}

// inverseFactor returns the upper triangular U with U^T U = (H + lambda I)^-1,
// lambda = gptqDamping * mean(diag H). Columns no input ever reached (zero
// diagonal) get a unit diagonal. If the damped matrix is not positive
// definite the damping grows tenfold, at most four times.
func inverseFactor(h []float64, n int) ([]float64, error) {
	var mean float64
	for i := 0; i < n; i++ {
		mean += h[i*n+i]
	}
	mean /= float64(n)
	if mean == 0 {
		mean = 1
	}
	damp := gptqDamping * mean
	for try := 0; try < 5; try, damp = try+1, float64(damp*10) {
		a := append([]float64(nil), h...)
		for i := 0; i < n; i++ {
			if a[i*n+i] == 0 {
				a[i*n+i] = mean
			}
			a[i*n+i] += damp
		}
		if l, ok := cholesky(a, n); ok {
			inv := lowerInverseGram(l, n)
			if l2, ok := cholesky(inv, n); ok {
				return transpose(l2, n), nil
			}
		}
	}
	return nil, ErrNotPositiveDefinite
}

// cholesky returns the lower triangular L with L L^T = a, or false when a
// is not (numerically) positive definite.
func cholesky(a []float64, n int) ([]float64, bool) {
	l := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			s := a[i*n+j]
			for k := 0; k < j; k++ {
				s -= float64(l[i*n+k] * l[j*n+k])
			}
			if i == j {
				if !(s > 0) {
					return nil, false
				}
				l[i*n+i] = math.Sqrt(s)
			} else {
				l[i*n+j] = s / l[j*n+j]
			}
		}
	}
	return l, true
}

// lowerInverseGram returns (L L^T)^-1 = L^-T L^-1 for a lower triangular L.
func lowerInverseGram(l []float64, n int) []float64 {
	inv := make([]float64, n*n) // L^-1, lower triangular
	for j := 0; j < n; j++ {
		inv[j*n+j] = 1 / l[j*n+j]
		for i := j + 1; i < n; i++ {
			var s float64
			for k := j; k < i; k++ {
				s += float64(l[i*n+k] * inv[k*n+j])
			}
			inv[i*n+j] = -s / l[i*n+i]
		}
	}
	out := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			var s float64
			for k := j; k < n; k++ { // (L^-T L^-1)_ij = sum_k inv_ki inv_kj, k >= max(i, j)
				s += float64(inv[k*n+i] * inv[k*n+j])
			}
			out[i*n+j], out[j*n+i] = s, s
		}
	}
	return out
}

func transpose(a []float64, n int) []float64 {
	t := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			t[j*n+i] = a[i*n+j]
		}
	}
	return t
}
