package inference

import "math/bits"

// FracBits is the number of fractional bits of activations (Q16.16).
const FracBits = 16

// One is 1.0 in the activation format.
const One = 1 << FracBits

const (
	maxInt32 = 1<<31 - 1
	minInt32 = -1 << 31

	// expTableLen is the number of entries of the 2^(-i/256) table (Q30).
	expTableLen = 257
	// expOne is 1.0 in the exp table's Q30 format.
	expOne = 1 << 30
	// log2eQ30 is round(log2(e) * 2^30).
	log2eQ30 = 1549082005
	// expInputClamp bounds -x (Q16) fed to the exp: e^-64 is 0 in Q30 anyway.
	expInputClamp = 64 << FracBits

	// siluTableLen is the number of entries of the SiLU table, x = -16 + i/64.
	siluTableLen = 2049
	// siluRange is the table's half-width (16.0) in Q16.
	siluRange = 16 << FracBits
	// siluStepBits is log2 of the table step (1/64) in Q16 units.
	siluStepBits = 10
)

// RoundShift returns v / 2^s rounded to nearest, ties away from zero. It is
// the engine's only right-shift rounding. s >= 63 yields 0.
func RoundShift(v int64, s uint) int64 {
	if s == 0 {
		return v
	}
	if s >= 63 {
		return 0
	}
	// Branch-free: round |v| half up, then restore the sign (m is 0 or -1).
	m := v >> 63
	r := ((v ^ m) - m + int64(1)<<(s-1)) >> s
	return (r ^ m) - m
}

// RoundDiv returns n / d rounded to nearest, ties away from zero; d must be
// positive (callers guarantee it).
func RoundDiv(n, d int64) int64 {
	if n >= 0 {
		return (n + d/2) / d
	}
	return -((-n + d/2) / d)
}

// shiftSigned multiplies v by 2^-s, rounding when s > 0 (RoundShift) and
// shifting left exactly when s < 0 (wrapping on overflow).
func shiftSigned(v int64, s int) int64 {
	if s >= 0 {
		return RoundShift(v, uint(s))
	}
	if s <= -63 {
		return 0
	}
	return v << uint(-s)
}

// Sat32 saturates v to the int32 range.
func Sat32(v int64) int32 {
	if v > maxInt32 {
		return maxInt32
	}
	if v < minInt32 {
		return minInt32
	}
	return int32(v)
}

// ISqrt returns floor(sqrt(x)) computed bit by bit (no floating point).
func ISqrt(x uint64) uint64 {
	var res uint64
	bit := uint64(1) << 62
	for bit > x {
		bit >>= 2
	}
	for bit != 0 {
		if x >= res+bit {
			x -= res + bit
			res = res>>1 + bit
		} else {
			res >>= 1
		}
		bit >>= 2
	}
	return res
}

// bitLen64 is the number of bits needed to represent v >= 0.
func bitLen64(v int64) int { return bits.Len64(uint64(v)) }

// Tables are the lookup tables carried in a model file.
type Tables struct {
	// ExpTable holds 2^(-i/256) in Q30 for i = 0..256.
	ExpTable []int32
	// SiLUTable holds silu(-16 + i/64) in Q16 for i = 0..2048.
	SiLUTable []int32
}

// ExpNeg returns e^(x/2^16) in Q30 for x <= 0 (x > 0 is treated as 0),
// via e^x = 2^(x*log2 e): the integer part of the exponent is a shift, the
// fraction a table lookup with linear interpolation.
func (t *Tables) ExpNeg(x int64) int64 {
	n := -x
	if n <= 0 {
		return expOne
	}
	if n > expInputClamp {
		n = expInputClamp
	}
	z := RoundShift(n*log2eQ30, 30) // -x * log2(e), Q16
	ip := z >> FracBits
	if ip >= 31 {
		return 0
	}
	frac := z & (One - 1)
	idx, rem := frac>>8, frac&0xff
	lo, hi := int64(t.ExpTable[idx]), int64(t.ExpTable[idx+1])
	v := lo + RoundShift((hi-lo)*rem, 8)
	return RoundShift(v, uint(ip))
}

// SiLU returns silu(x) = x*sigmoid(x) for x in Q16: a table with linear
// interpolation on [-16, 16), 0 below and x above.
func (t *Tables) SiLU(x int32) int32 {
	if x <= -siluRange {
		return 0
	}
	if x >= siluRange {
		return x
	}
	u := int64(x) + siluRange
	idx, rem := u>>siluStepBits, u&(1<<siluStepBits-1)
	lo, hi := int64(t.SiLUTable[idx]), int64(t.SiLUTable[idx+1])
	return Sat32(lo + RoundShift((hi-lo)*rem, siluStepBits))
}

// Softmax writes into out the probabilities (Q16) of the Q16 scores in. The
// weights are w = ExpNeg(s - max) (Q30, the largest is exactly 2^30), their
// sum S >= 2^30, the reciprocal R = floor(2^62 / S) <= 2^32, and each
// probability is RoundShift(w * R, 46): one division per softmax. out and
// in must have the same length; it returns S.
func (t *Tables) Softmax(out []int32, in []int32, scratch []int64) int64 {
	if len(in) == 0 {
		return 0
	}
	maxv := in[0]
	for _, v := range in[1:] {
		maxv = max(maxv, v)
	}
	var sum int64
	for i, v := range in {
		w := t.ExpNeg(int64(v) - int64(maxv))
		scratch[i] = w
		sum += w
	}
	recip := (int64(1) << 62) / sum
	for i := range in {
		out[i] = int32(RoundShift(scratch[i]*recip, 46))
	}
	return sum
}

// Argmax returns the index of the largest value, the lowest index on ties.
func Argmax(v []int32) int {
	best := 0
	for i := 1; i < len(v); i++ {
		if v[i] > v[best] {
			best = i
		}
	}
	return best
}
