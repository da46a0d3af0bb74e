package inference

// QMatrix is a rows x cols weight matrix of int8 (Bits 8) or int16 (Bits 16)
// integers, quantized in groups of GroupSize along each row (the last group
// of a row may be shorter). Group g of row i has the scale
// Mant[i*Groups+g] * 2^-Exp[i]: one exponent per row, one mantissa per
// group, so a row's groups share a fixed-point format and its dot product
// is one exact int64 sum, narrowed once.
type QMatrix struct {
	Rows, Cols int
	GroupSize  int
	Bits       int      // 8 or 16
	W8         []int8   // Rows*Cols, row-major, when Bits == 8
	W16        []int16  // Rows*Cols, row-major, when Bits == 16
	Mant       []uint16 // Rows*Groups, each <= MaxMantissa
	Exp        []uint8  // Rows, each <= MaxScaleExp
}

// Groups returns the number of groups per row.
func (m *QMatrix) Groups() int { return numGroups(m.Cols, m.GroupSize) }

func numGroups(cols, gs int) int { return (cols + gs - 1) / gs }

// Weight returns element (i, j) as an integer (before scaling).
func (m *QMatrix) Weight(i, j int) int32 {
	if m.Bits == 16 {
		return int32(m.W16[i*m.Cols+j])
	}
	return int32(m.W8[i*m.Cols+j])
}

// QVector is an activation vector quantized to int16 with one power-of-two
// scale: element j stands for Q[j] * 2^Shift in Q16.
type QVector struct {
	Q     []int16
	Shift int
}

// NewQVector allocates a quantized vector of n elements.
func NewQVector(n int) *QVector { return &QVector{Q: make([]int16, n)} }

// Quantize sets v to x (Q16): Shift = max(bits(max|x|) - 15, 0) and
// Q[j] = RoundShift(x[j], Shift), saturated to [-32767, 32767]. Activations
// keep 15 significant bits: quantizing them costs no accuracy that matters.
func (v *QVector) Quantize(x []int32) {
	var amax int64
	for _, e := range x {
		amax = max(amax, abs64(int64(e)))
	}
	s := max(bitLen64(amax)-15, 0)
	v.Shift = s
	q := v.Q[:len(x)]
	if s == 0 {
		for j, e := range x {
			q[j] = int16(max(min(e, 32767), -32767))
		}
		return
	}
	for j, e := range x {
		q[j] = int16(max(min(RoundShift(int64(e), uint(s)), 32767), -32767))
	}
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// MatVec computes out = m * x for a quantized input x (len m.Cols); out has
// m.Rows elements in Q16.
func (m *QMatrix) MatVec(out []int32, x *QVector) {
	m.MatVecRows(out, x, 0, m.Rows)
}

// MatVecRows computes rows [from, to) of m * x into out[from:to]. Row i is
// Sat32(shift(sum_g dot_g * Mant_g, Exp[i] - x.Shift)) where dot_g is the
// exact integer dot product of group g and shift rounds by RoundShift (or
// shifts left exactly when the amount is negative).
func (m *QMatrix) MatVecRows(out []int32, x *QVector, from, to int) {
	groups, cols := m.Groups(), m.Cols
	q := x.Q[:cols]
	if m.GroupSize == 32 {
		if m.Bits == 8 {
			m.matVecRows32(out, q, x.Shift, from, to)
		} else {
			m.matVecRows32Wide(out, q, x.Shift, from, to)
		}
		return
	}
	for i := from; i < to; i++ {
		mant := m.Mant[i*groups : (i+1)*groups]
		var acc int64
		if m.Bits == 16 {
			acc = rowDot16(m.W16[i*cols:(i+1)*cols], q, mant, m.GroupSize)
		} else {
			acc = rowDot8(m.W8[i*cols:(i+1)*cols], q, mant, m.GroupSize)
		}
		out[i] = Sat32(shiftSigned(acc, int(m.Exp[i])-x.Shift))
	}
}

// matVecRows32 is MatVecRows for int8 rows in groups of 32, the common
// case: whole groups take the unrolled two-row kernel, a shorter last group
// the generic one.
func (m *QMatrix) matVecRows32(out []int32, q []int16, shift, from, to int) {
	cols, full, groups := len(q), len(q)/32, m.Groups()
	i := from
	for ; i+1 < to; i += 2 { // two rows per step share the activation loads
		w0, w1 := m.W8[i*cols:(i+1)*cols], m.W8[(i+1)*cols:(i+2)*cols]
		m0, m1 := m.Mant[i*groups:(i+1)*groups], m.Mant[(i+1)*groups:(i+2)*groups]
		var acc0, acc1 int64
		for g := 0; g < full; g++ {
			d0, d1 := dot32Int8x2((*[32]int8)(w0[32*g:]), (*[32]int8)(w1[32*g:]), (*[32]int16)(q[32*g:]))
			acc0 += int64(d0) * int64(m0[g])
			acc1 += int64(d1) * int64(m1[g])
		}
		if tail := q[32*full:]; len(tail) > 0 {
			acc0 += int64(dotInt8(w0[32*full:], tail)) * int64(m0[full])
			acc1 += int64(dotInt8(w1[32*full:], tail)) * int64(m1[full])
		}
		out[i] = Sat32(shiftSigned(acc0, int(m.Exp[i])-shift))
		out[i+1] = Sat32(shiftSigned(acc1, int(m.Exp[i+1])-shift))
	}
	if i < to {
		acc := rowDot8(m.W8[i*cols:(i+1)*cols], q, m.Mant[i*groups:(i+1)*groups], 32)
		out[i] = Sat32(shiftSigned(acc, int(m.Exp[i])-shift))
	}
}

// matVecRows32Wide is matVecRows32 for int16 rows.
func (m *QMatrix) matVecRows32Wide(out []int32, q []int16, shift, from, to int) {
	cols, full, groups := len(q), len(q)/32, m.Groups()
	tail := q[32*full:]
	w, mant := m.W16[from*cols:to*cols], m.Mant[from*groups:to*groups]
	for i := from; i < to; i++ {
		var acc int64
		for g := 0; g < full; g++ {
			acc += dot32Int16((*[32]int16)(w), (*[32]int16)(q[32*g:])) * int64(mant[g])
			w = w[32:]
		}
		if len(tail) > 0 {
			acc += dotInt16(w[:len(tail)], tail) * int64(mant[full])
			w = w[len(tail):]
		}
		mant = mant[groups:]
		out[i] = Sat32(shiftSigned(acc, int(m.Exp[i])-shift))
	}
}

// rowDot8 returns sum_g mant[g] * dot(w_g, q_g) for an int8 row (any group
// size). A group's dot product fits int32: 256 * 127 * 32767 < 2^31.
func rowDot8(w []int8, q []int16, mant []uint16, gs int) int64 {
	var acc int64
	for g := range mant {
		start := g * gs
		end := min(start+gs, len(w))
		acc += int64(dotInt8(w[start:end], q[start:end])) * int64(mant[g])
	}
	return acc
}

// rowDot16 is rowDot8 for an int16 row (int64 group sums).
func rowDot16(w []int16, q []int16, mant []uint16, gs int) int64 {
	var acc int64
	for g := range mant {
		start := g * gs
		end := min(start+gs, len(w))
		acc += dotInt16(w[start:end], q[start:end]) * int64(mant[g])
	}
	return acc
}

// dotInt8 is the int32 dot product of int8 weights and int16 activations,
// 8 at a time through array pointers (no bounds checks, two accumulators).
func dotInt8(w []int8, q []int16) int32 {
	q = q[:len(w)]
	var s0, s1 int32
	for len(w) >= 8 {
		a, b := (*[8]int8)(w), (*[8]int16)(q)
		s0 += int32(a[0])*int32(b[0]) + int32(a[1])*int32(b[1]) + int32(a[2])*int32(b[2]) + int32(a[3])*int32(b[3])
		s1 += int32(a[4])*int32(b[4]) + int32(a[5])*int32(b[5]) + int32(a[6])*int32(b[6]) + int32(a[7])*int32(b[7])
		w, q = w[8:], q[8:]
	}
	for j := range w {
		s0 += int32(w[j]) * int32(q[j])
	}
	return s0 + s1
}

// dot32Int8x2 returns the dot products of two int8 rows with the same 32
// activations, unrolled with constant indices (no bounds checks, no loop);
// each activation is loaded once for two products.
func dot32Int8x2(a0, a1 *[32]int8, b *[32]int16) (int32, int32) {
	s00 := int32(a0[0])*int32(b[0]) + int32(a0[1])*int32(b[1]) + int32(a0[2])*int32(b[2]) + int32(a0[3])*int32(b[3]) +
		int32(a0[4])*int32(b[4]) + int32(a0[5])*int32(b[5]) + int32(a0[6])*int32(b[6]) + int32(a0[7])*int32(b[7]) +
		int32(a0[8])*int32(b[8]) + int32(a0[9])*int32(b[9]) + int32(a0[10])*int32(b[10]) + int32(a0[11])*int32(b[11]) +
		int32(a0[12])*int32(b[12]) + int32(a0[13])*int32(b[13]) + int32(a0[14])*int32(b[14]) + int32(a0[15])*int32(b[15])
	s01 := int32(a0[16])*int32(b[16]) + int32(a0[17])*int32(b[17]) + int32(a0[18])*int32(b[18]) + int32(a0[19])*int32(b[19]) +
		int32(a0[20])*int32(b[20]) + int32(a0[21])*int32(b[21]) + int32(a0[22])*int32(b[22]) + int32(a0[23])*int32(b[23]) +
		int32(a0[24])*int32(b[24]) + int32(a0[25])*int32(b[25]) + int32(a0[26])*int32(b[26]) + int32(a0[27])*int32(b[27]) +
		int32(a0[28])*int32(b[28]) + int32(a0[29])*int32(b[29]) + int32(a0[30])*int32(b[30]) + int32(a0[31])*int32(b[31])
	s10 := int32(a1[0])*int32(b[0]) + int32(a1[1])*int32(b[1]) + int32(a1[2])*int32(b[2]) + int32(a1[3])*int32(b[3]) +
		int32(a1[4])*int32(b[4]) + int32(a1[5])*int32(b[5]) + int32(a1[6])*int32(b[6]) + int32(a1[7])*int32(b[7]) +
		int32(a1[8])*int32(b[8]) + int32(a1[9])*int32(b[9]) + int32(a1[10])*int32(b[10]) + int32(a1[11])*int32(b[11]) +
		int32(a1[12])*int32(b[12]) + int32(a1[13])*int32(b[13]) + int32(a1[14])*int32(b[14]) + int32(a1[15])*int32(b[15])
	s11 := int32(a1[16])*int32(b[16]) + int32(a1[17])*int32(b[17]) + int32(a1[18])*int32(b[18]) + int32(a1[19])*int32(b[19]) +
		int32(a1[20])*int32(b[20]) + int32(a1[21])*int32(b[21]) + int32(a1[22])*int32(b[22]) + int32(a1[23])*int32(b[23]) +
		int32(a1[24])*int32(b[24]) + int32(a1[25])*int32(b[25]) + int32(a1[26])*int32(b[26]) + int32(a1[27])*int32(b[27]) +
		int32(a1[28])*int32(b[28]) + int32(a1[29])*int32(b[29]) + int32(a1[30])*int32(b[30]) + int32(a1[31])*int32(b[31])
	return s00 + s01, s10 + s11
}

// dot32Int16 is dotInt16 for a full group of 32, unrolled like dot32Int8.
func dot32Int16(a, b *[32]int16) int64 {
	s0 := int64(int32(a[0])*int32(b[0])+int32(a[1])*int32(b[1])) +
		int64(int32(a[2])*int32(b[2])+int32(a[3])*int32(b[3])) +
		int64(int32(a[4])*int32(b[4])+int32(a[5])*int32(b[5])) +
		int64(int32(a[6])*int32(b[6])+int32(a[7])*int32(b[7]))
	s1 := int64(int32(a[8])*int32(b[8])+int32(a[9])*int32(b[9])) +
		int64(int32(a[10])*int32(b[10])+int32(a[11])*int32(b[11])) +
		int64(int32(a[12])*int32(b[12])+int32(a[13])*int32(b[13])) +
		int64(int32(a[14])*int32(b[14])+int32(a[15])*int32(b[15]))
	s2 := int64(int32(a[16])*int32(b[16])+int32(a[17])*int32(b[17])) +
		int64(int32(a[18])*int32(b[18])+int32(a[19])*int32(b[19])) +
		int64(int32(a[20])*int32(b[20])+int32(a[21])*int32(b[21])) +
		int64(int32(a[22])*int32(b[22])+int32(a[23])*int32(b[23]))
	s3 := int64(int32(a[24])*int32(b[24])+int32(a[25])*int32(b[25])) +
		int64(int32(a[26])*int32(b[26])+int32(a[27])*int32(b[27])) +
		int64(int32(a[28])*int32(b[28])+int32(a[29])*int32(b[29])) +
		int64(int32(a[30])*int32(b[30])+int32(a[31])*int32(b[31]))
	return s0 + s1 + s2 + s3
}

// dotInt16 is the int64 dot product of int16 weights and activations. Two
// products fit int32 (2 * 32767^2 < 2^31), so pairs are summed in int32
// before widening.
func dotInt16(w, q []int16) int64 {
	q = q[:len(w)]
	var s0, s1 int64
	for len(w) >= 8 {
		a, b := (*[8]int16)(w), (*[8]int16)(q)
		s0 += int64(int32(a[0])*int32(b[0])+int32(a[1])*int32(b[1])) + int64(int32(a[2])*int32(b[2])+int32(a[3])*int32(b[3]))
		s1 += int64(int32(a[4])*int32(b[4])+int32(a[5])*int32(b[5])) + int64(int32(a[6])*int32(b[6])+int32(a[7])*int32(b[7]))
		w, q = w[8:], q[8:]
	}
	for j := range w {
		s0 += int64(int32(w[j]) * int32(q[j]))
	}
	return s0 + s1
}

// DequantRow writes row i of m into out (len m.Cols) in Q16; it is how token
// embeddings are read.
func (m *QMatrix) DequantRow(out []int32, i int) {
	groups := m.Groups()
	sh := int(m.Exp[i]) - FracBits
	for j := 0; j < m.Cols; j++ {
		mant := int64(m.Mant[i*groups+j/m.GroupSize])
		out[j] = Sat32(shiftSigned(int64(m.Weight(i, j))*mant, sh))
	}
}
