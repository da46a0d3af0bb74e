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

// QuantizeMatrix quantizes a row-major rows x cols float matrix to int8 in
// groups of gs along each row: scale = max|w|/127 rounded to mant*2^-exp
// (mant in [2^14, 2^15)), q = round(w/scale) clamped to [-127, 127].
func QuantizeMatrix(w []float32, rows, cols, gs int) (inference.QMatrix, error) {
	groups := (cols + gs - 1) / gs
	m := inference.QMatrix{
		Rows: rows, Cols: cols, GroupSize: gs, Weights: make([]int8, rows*cols),
		Mant: make([]uint16, rows*groups), Exp: make([]uint8, rows*groups),
	}
	for i := 0; i < rows; i++ {
		for g := 0; g < groups; g++ {
			start, end := i*cols+g*gs, i*cols+min((g+1)*gs, cols)
			mant, exp, err := quantizeGroup(w[start:end], m.Weights[start:end])
			if err != nil {
				return m, fmt.Errorf("row %d group %d: %w", i, g, err)
			}
			m.Mant[i*groups+g], m.Exp[i*groups+g] = mant, exp
		}
	}
	return m, nil
}

func quantizeGroup(w []float32, q []int8) (uint16, uint8, error) {
	var amax float64
	for _, v := range w {
		amax = math.Max(amax, math.Abs(float64(v)))
	}
	mant, exp, err := encodeScale(amax / 127)
	if err != nil || mant == 0 {
		clear(q)
		return 0, 0, err
	}
	scale := math.Ldexp(float64(mant), -int(exp))
	for j, v := range w {
		q[j] = int8(math.Max(-127, math.Min(127, math.Round(float64(v)/scale))))
	}
	return mant, exp, nil
}

// encodeScale rounds s > 0 to mant * 2^-exp with mant in [2^14, 2^15).
func encodeScale(s float64) (uint16, uint8, error) {
	if s == 0 {
		return 0, 0, nil
	}
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return 0, 0, ErrScaleRange
	}
	frac, e2 := math.Frexp(s) // s = frac * 2^e2, frac in [0.5, 1)
	mant := math.Round(frac * (1 << 15))
	if mant == 1<<15 {
		mant, e2 = 1<<14, e2+1
	}
	exp := 15 - e2
	if exp < 0 {
		return 0, 0, fmt.Errorf("%w: %g", ErrScaleRange, s)
	}
	if exp > inference.MaxScaleExp { // tiny scale: denormalise
		mant = math.Round(math.Ldexp(s, inference.MaxScaleExp))
		exp = inference.MaxScaleExp
	}
	return uint16(mant), uint8(exp), nil
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
			out[i*m.Cols+j] = math.Ldexp(float64(m.Weights[i*m.Cols+j])*float64(m.Mant[g]), -int(m.Exp[g]))
		}
	}
	return out
}
