package inference

// accFracBits is the number of extra fractional bits of the matvec row
// accumulator (see the package documentation).
const accFracBits = 8

// QMatrix is a rows x cols int8 matrix, quantized in groups of GroupSize
// along each row (the last group of a row may be shorter). Group g of row i
// has scale Mant[i*Groups+g] * 2^-Exp[i*Groups+g].
type QMatrix struct {
	Rows, Cols int
	GroupSize  int
	Weights    []int8   // Rows*Cols, row-major
	Mant       []uint16 // Rows*Groups, each < 2^15
	Exp        []uint8  // Rows*Groups, each <= MaxScaleExp
}

// Groups returns the number of groups per row.
func (m *QMatrix) Groups() int { return numGroups(m.Cols, m.GroupSize) }

func numGroups(cols, gs int) int { return (cols + gs - 1) / gs }

// QVector is an activation vector quantized to int8 per group: element j of
// group g is approximately Q[j] * A[g] * 2^R[g] / 127 (in Q16).
type QVector struct {
	Q []int8
	A []int64 // group scale mantissa, <= 2^16
	R []int32 // group scale exponent
}

// NewQVector allocates a quantized vector for n elements in groups of gs.
func NewQVector(n, gs int) *QVector {
	g := numGroups(n, gs)
	return &QVector{Q: make([]int8, n), A: make([]int64, g), R: make([]int32, g)}
}

// Quantize quantizes x (Q16) into v in groups of gs.
func (v *QVector) Quantize(x []int32, gs int) {
	for g, start := 0, 0; start < len(x); g, start = g+1, start+gs {
		end := min(start+gs, len(x))
		v.quantizeGroup(g, x[start:end], v.Q[start:end])
	}
}

func (v *QVector) quantizeGroup(g int, x []int32, q []int8) {
	var amax int64
	for _, e := range x {
		a := int64(e)
		if a < 0 {
			a = -a
		}
		amax = max(amax, a)
	}
	r := max(bitLen64(amax)-16, 0)
	a := (amax + (int64(1)<<r - 1)) >> r // ceil: a << r >= amax
	v.A[g], v.R[g] = a, int32(r)
	if a == 0 {
		clear(q)
		return
	}
	d := a << r
	for j, e := range x {
		q[j] = int8(RoundDiv(127*int64(e), d))
	}
}

// MatVec computes out = m * x for a quantized input x (len m.Cols); out has
// m.Rows elements in Q16.
func (m *QMatrix) MatVec(out []int32, x *QVector) {
	m.MatVecRows(out, x, 0, m.Rows)
}

// MatVecRows computes rows [from, to) of m * x into out[from:to].
func (m *QMatrix) MatVecRows(out []int32, x *QVector, from, to int) {
	groups := m.Groups()
	for i := from; i < to; i++ {
		row := m.Weights[i*m.Cols : (i+1)*m.Cols]
		out[i] = m.rowDot(row, m.Mant[i*groups:(i+1)*groups], m.Exp[i*groups:(i+1)*groups], x)
	}
}

func (m *QMatrix) rowDot(row []int8, mant []uint16, exp []uint8, x *QVector) int32 {
	var acc int64
	gs := m.GroupSize
	for g := range mant {
		a := x.A[g]
		if a == 0 || mant[g] == 0 {
			continue
		}
		start := g * gs
		end := min(start+gs, len(row))
		dot := dotInt8(row[start:end], x.Q[start:end])
		p := int64(dot) * int64(mant[g]) * a
		acc += shiftSigned(p, int(exp[g])-int(x.R[g])-accFracBits)
	}
	return Sat32(RoundDiv(acc, 127<<accFracBits))
}

// dotInt8 is the int32 dot product of two equally long int8 slices (8 at a
// time through array pointers, which removes the bounds checks).
func dotInt8(w, q []int8) int32 {
	q = q[:len(w)]
	var s0, s1 int32
	for len(w) >= 8 {
		a, b := (*[8]int8)(w), (*[8]int8)(q)
		s0 += int32(a[0])*int32(b[0]) + int32(a[1])*int32(b[1]) + int32(a[2])*int32(b[2]) + int32(a[3])*int32(b[3])
		s1 += int32(a[4])*int32(b[4]) + int32(a[5])*int32(b[5]) + int32(a[6])*int32(b[6]) + int32(a[7])*int32(b[7])
		w, q = w[8:], q[8:]
	}
	for j := range w {
		s0 += int32(w[j]) * int32(q[j])
	}
	return s0 + s1
}

// DequantRow writes row i of m into out (len m.Cols) in Q16; it is how token
// embeddings are read.
func (m *QMatrix) DequantRow(out []int32, i int) {
	groups := m.Groups()
	row := m.Weights[i*m.Cols : (i+1)*m.Cols]
	for g := 0; g < groups; g++ {
		mant, sh := int64(m.Mant[i*groups+g]), int(m.Exp[i*groups+g])-FracBits
		start := g * m.GroupSize
		end := min(start+m.GroupSize, m.Cols)
		for j := start; j < end; j++ {
			out[j] = Sat32(shiftSigned(int64(row[j])*mant, sh))
		}
	}
}
