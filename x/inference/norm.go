package inference

import "math/bits"

// RMSNorm writes out[j] = x[j] / sqrt(mean(x^2) + eps) * w[j], all in Q16
// (eps in Q32). The mean of squares is an exact 128-bit sum divided with
// rounding; the square root is taken after normalising it to [2^60, 2^62)
// by an even shift 2h, so r = sqrt(ms * 2^2h) (rounded) keeps 30-31
// significant bits. One division gives R = floor((2^62 - 1) / r) < 2^32;
// then u = RoundShift(x * R, 46 - h) is x / rms in Q16 (x * R < 2^63: no
// overflow) and out = RoundShift(u * w, 16).
func RMSNorm(out, x, w []int32, eps int64) {
	if len(x) == 0 {
		return
	}
	ms := meanSquare(x) + uint64(eps)
	h := max((62-bits.Len64(ms))/2, 0)
	r := int64(isqrtRound(ms << (2 * uint(h))))
	recip := (int64(1)<<62 - 1) / r
	sh := uint(46 - h)
	w = w[:len(x)]
	for j, v := range x {
		u := RoundShift(int64(v)*recip, sh)
		out[j] = Sat32(RoundShift(u*int64(w[j]), FracBits))
	}
}

// meanSquare returns round(sum(x^2) / len(x)) in Q32 (x in Q16).
func meanSquare(x []int32) uint64 {
	var hi, lo, carry uint64
	for _, v := range x {
		lo, carry = bits.Add64(lo, uint64(int64(v)*int64(v)), 0)
		hi += carry
	}
	n := uint64(len(x))
	lo, carry = bits.Add64(lo, n/2, 0)
	hi += carry
	q, _ := bits.Div64(hi, lo, n) // hi < n/4 + 1 <= n: no overflow
	return q
}

// isqrtRound returns sqrt(x) rounded to nearest (ties cannot occur).
func isqrtRound(x uint64) uint64 {
	r := ISqrt(x)
	if x-r*r > r {
		r++
	}
	return r
}
