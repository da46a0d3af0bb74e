// Package convert turns float models into Hyperion's canonical integer model
// files. It runs offline (never in consensus) and may use floating point; its
// output is deterministic for a given input (IEEE-754 float64 arithmetic with
// no fusable multiply-adds, math.Exp2/Cos/Sin/Exp for the tables).
package convert

import (
	"errors"
	"fmt"
	"math"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// Errors of the converters.
var (
	ErrBadCheckpoint = errors.New("convert: malformed checkpoint")
	ErrScaleRange    = errors.New("convert: weight scale out of the representable range")
)

// QuantizeMatrix quantizes a row-major rows x cols float matrix to int8
// (bits 8) or int16 (bits 16) in groups of gs along each row, rounding to
// nearest. Row i has one exponent e, chosen so its largest group scale
// max|w| / qmax needs a mantissa in [2^14, 2^15); group g's scale is
// mant * 2^-e with mant picked by a search that minimises the group's
// squared error.
func QuantizeMatrix(w []float32, rows, cols, gs, bits int) (inference.QMatrix, error) {
	if bits != 8 && bits != 16 {
		return inference.QMatrix{}, fmt.Errorf("%w: %d-bit weights", ErrBadCheckpoint, bits)
	}
	groups := (cols + gs - 1) / gs
	m := inference.QMatrix{Rows: rows, Cols: cols, GroupSize: gs, Bits: bits,
		Mant: make([]uint16, rows*groups), Exp: make([]uint8, rows)}
	qmax := float64(int(1)<<(bits-1) - 1)
	q := make([]int32, rows*cols)
	for i := 0; i < rows; i++ {
		row := w[i*cols : (i+1)*cols]
		e, err := rowExponent(row, qmax)
		if err != nil {
			return m, fmt.Errorf("row %d: %w", i, err)
		}
		m.Exp[i] = e
		for g := 0; g < groups; g++ {
			start, end := g*gs, min((g+1)*gs, cols)
			mant := searchMantissa(row[start:end], int(e), qmax)
			m.Mant[i*groups+g] = mant
			scale := math.Ldexp(float64(mant), -int(e))
			for j := start; j < end; j++ {
				q[i*cols+j] = quantValue(float64(row[j]), scale, qmax)
			}
		}
	}
	m.W8, m.W16 = narrowWeights(q, bits)
	return m, nil
}

func narrowWeights(q []int32, bits int) ([]int8, []int16) {
	if bits == 8 {
		w := make([]int8, len(q))
		for i, v := range q {
			w[i] = int8(v)
		}
		return w, nil
	}
	w := make([]int16, len(q))
	for i, v := range q {
		w[i] = int16(v)
	}
	return nil, w
}

// rowExponent returns the exponent e such that the row's largest group
// scale, max|w| / qmax, is mant * 2^-e with mant in [2^14, 2^15).
func rowExponent[F float32 | float64](row []F, qmax float64) (uint8, error) {
	var amax float64
	for _, v := range row {
		amax = math.Max(amax, math.Abs(float64(v)))
	}
	if math.IsNaN(amax) || math.IsInf(amax, 0) {
		return 0, ErrScaleRange
	}
	if amax == 0 {
		return inference.MaxScaleExp, nil
	}
	_, e2 := math.Frexp(amax / qmax) // = frac * 2^e2, frac in [0.5, 1)
	e := 15 - e2
	if e < 0 {
		return 0, fmt.Errorf("%w: %g", ErrScaleRange, amax)
	}
	return uint8(min(e, inference.MaxScaleExp)), nil
}

// scaleSearchSteps and scaleSearchRange define the scale search of a group:
// candidates run from the smallest scale that clips nothing down to
// (1 - scaleSearchRange) of it; the least squared error wins (the largest
// scale on ties).
const (
	scaleSearchSteps = 48
	scaleSearchRange = 0.25
)

// searchMantissa picks the group's scale mantissa (scale = mant * 2^-e)
// minimising the squared rounding error.
func searchMantissa[F float32 | float64](g []F, e int, qmax float64) uint16 {
	var amax float64
	for _, v := range g {
		amax = math.Max(amax, math.Abs(float64(v)))
	}
	top := math.Min(math.Ceil(math.Ldexp(amax/qmax, e)), inference.MaxMantissa)
	best, bestErr := uint16(top), math.Inf(1)
	for k := 0; k <= scaleSearchSteps && top > 0; k++ {
		mant := math.Round(top * (1 - scaleSearchRange*float64(k)/scaleSearchSteps))
		if mant < 1 {
			break
		}
		scale := math.Ldexp(mant, -e)
		var sse float64
		for _, v := range g {
			d := float64(v) - float64(float64(quantValue(float64(v), scale, qmax))*scale)
			sse += float64(d * d)
		}
		if sse < bestErr {
			best, bestErr = uint16(mant), sse
		}
	}
	return best
}

// quantValue rounds v / scale to nearest, clamped to [-qmax, qmax].
func quantValue(v, scale, qmax float64) int32 {
	if scale == 0 {
		return 0
	}
	return int32(math.Max(-qmax, math.Min(qmax, math.Round(v/scale))))
}

// ToFixed converts f to fixed point with frac fractional bits, rounding to
// nearest and saturating to int32.
func ToFixed(f float64, frac int) int32 {
	v := math.Round(math.Ldexp(f, frac))
	return int32(math.Max(math.MinInt32, math.Min(math.MaxInt32, v)))
}

// ToQ16 converts a float vector to Q16.
func ToQ16(v []float32) []int32 {
	out := make([]int32, len(v))
	for i, x := range v {
		out[i] = ToFixed(float64(x), inference.FracBits)
	}
	return out
}

// FromQ16 converts a Q16 vector to float64.
func FromQ16(v []int32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x) / inference.One
	}
	return out
}

// Tables returns the engine's lookup tables: 2^(-i/256) in Q30 (257
// entries) and silu(-16 + i/64) in Q16 (2049 entries).
func Tables() inference.Tables {
	t := inference.Tables{ExpTable: make([]int32, 257), SiLUTable: make([]int32, 2049)}
	for i := range t.ExpTable {
		t.ExpTable[i] = ToFixed(math.Exp2(-float64(i)/256), 30)
	}
	for i := range t.SiLUTable {
		x := -16 + float64(i)/64
		t.SiLUTable[i] = ToFixed(x/(1+math.Exp(-x)), inference.FracBits)
	}
	return t
}

// RopeTables returns llama2.c's rotary tables in Q30: for position p and pair
// k, angle = p * 10000^(-2k/headDim).
func RopeTables(seqLen, headDim int) (cos, sin []int32) {
	half := headDim / 2
	cos, sin = make([]int32, seqLen*half), make([]int32, seqLen*half)
	for p := 0; p < seqLen; p++ {
		for k := 0; k < half; k++ {
			a := float64(p) * ropeFreq(k, headDim)
			cos[p*half+k], sin[p*half+k] = ToFixed(math.Cos(a), 30), ToFixed(math.Sin(a), 30)
		}
	}
	return cos, sin
}

func ropeFreq(k, headDim int) float64 {
	return 1 / math.Pow(10000, float64(2*k)/float64(headDim))
}

// DequantMatrix returns the float values an integer matrix stands for.
func DequantMatrix(m *inference.QMatrix) []float64 {
	out := make([]float64, m.Rows*m.Cols)
	groups := m.Groups()
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			g := i*groups + j/m.GroupSize
			out[i*m.Cols+j] = math.Ldexp(float64(m.Weight(i, j))*float64(m.Mant[g]), -int(m.Exp[i]))
		}
	}
	return out
}
