package inference

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRoundingRule(t *testing.T) {
	cases := []struct{ v, want int64 }{{5, 3}, {-5, -3}, {4, 2}, {-4, -2}, {3, 2}, {-3, -2}, {1, 1}, {-1, -1}, {0, 0}}
	for _, c := range cases { // v / 2, ties away from zero
		require.Equal(t, c.want, RoundShift(c.v, 1), "RoundShift(%d, 1)", c.v)
		require.Equal(t, c.want, RoundDiv(c.v, 2), "RoundDiv(%d, 2)", c.v)
	}
	require.Equal(t, int64(2), RoundDiv(5, 3))
	require.Equal(t, int64(-2), RoundDiv(-5, 3))
	require.Equal(t, int64(0), RoundShift(-1<<62, 63))
	require.Equal(t, int64(-8), shiftSigned(-1, -3))
	require.Equal(t, int32(maxInt32), Sat32(1<<40))
	require.Equal(t, int32(minInt32), Sat32(-1<<40))
}

func TestISqrt(t *testing.T) {
	for x := uint64(0); x < 5000; x++ {
		r := ISqrt(x)
		require.True(t, r*r <= x && (r+1)*(r+1) > x, "ISqrt(%d) = %d", x, r)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		x := rng.Uint64() >> (rng.IntN(2) * 2) // include values up to 2^64-1
		r := ISqrt(x)
		require.LessOrEqual(t, r, uint64(1<<32-1))
		require.True(t, r*r <= x && (r+1)*(r+1)-1 >= x, "ISqrt(%d) = %d", x, r)
	}
	require.Equal(t, uint64(1<<32-1), ISqrt(^uint64(0)))
	require.Equal(t, uint64(3), isqrtRound(12)) // 3.46
	require.Equal(t, uint64(4), isqrtRound(13)) // 3.61
}

func TestRMSNormExact(t *testing.T) {
	// x = (3, 4) -> mean square 12.5, rms ~ 3.5355339; w = 1.
	x := []int32{3 << FracBits, 4 << FracBits}
	out := make([]int32, 2)
	RMSNorm(out, x, []int32{One, One}, 1)
	// 3/3.5355339 = 0.8485281 -> 55609.2; 4/3.5355339 = 1.1313708 -> 74145.6
	require.InDelta(t, 55609, int(out[0]), 1)
	require.InDelta(t, 74146, int(out[1]), 1)
	zero := make([]int32, 4)
	RMSNorm(out[:0], zero[:0], nil, 1) // empty input must not panic
	RMSNorm(zero, zero, []int32{One, One, One, One}, 1)
	require.Equal(t, []int32{0, 0, 0, 0}, zero)
}

func TestQuantizeAndDot(t *testing.T) {
	x := []int32{One, -One / 2, 0, One / 4, 7, -6} // max 2^16 has 17 bits: shift 2
	v := NewQVector(len(x))
	v.Quantize(x)
	require.Equal(t, []int16{16384, -8192, 0, 4096, 2, -2}, v.Q) // 7/4 = 1.75 -> 2, -6/4 = -1.5 -> -2
	require.Equal(t, 2, v.Shift)
	v.Quantize([]int32{maxInt32, minInt32, 3})
	require.Equal(t, 17, v.Shift) // |minInt32| = 2^31 has 32 bits
	require.Equal(t, []int16{16384, -16384, 0}, v.Q[:3])
	v.Quantize([]int32{65535, -65535})
	require.Equal(t, 1, v.Shift)
	require.Equal(t, []int16{32767, -32767}, v.Q[:2]) // 32767.5 rounds to 2^15: saturated
	v.Quantize([]int32{100, -5})
	require.Equal(t, 0, v.Shift)
	require.Equal(t, []int16{100, -5}, v.Q[:2])
	require.Equal(t, int32(127*32767+3*5-7*9), dotInt8([]int8{127, 3, 0, 0, 0, 0, 0, 0, 0, -7}, []int16{32767, 5, 1, 1, 1, 1, 1, 1, 1, 9}))
	require.Equal(t, int64(32767*32767*3+2), dotInt16([]int16{32767, 32767, 32767, 1, 1}, []int16{32767, 32767, 32767, 1, 1}))
}

func TestTopKIndices(t *testing.T) {
	v := []int32{5, 9, 9, 1, 7, 9}
	require.Equal(t, []int{1, 2, 5}, topKIndices(v, 3))
	require.Equal(t, []int{1, 2, 5, 4, 0, 3}, topKIndices(v, 6))
	require.Equal(t, 1, Argmax(v))
}
