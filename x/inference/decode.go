package inference

import (
	"encoding/binary"
	"fmt"
)

// reader is a bounds-checked little-endian cursor. After the first error all
// reads return zero values and err stays set.
type reader struct {
	buf []byte
	off int
	err error
}

func (r *reader) take(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.buf)-r.off) {
		r.err = ErrTruncated
		return nil
	}
	b := r.buf[r.off : r.off+int(n)]
	r.off += int(n)
	return b
}

func (r *reader) u16() uint16 {
	if b := r.take(2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if b := r.take(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// dim reads a u32 dimension in [1, limit].
func (r *reader) dim(limit uint32) int {
	v := r.u32()
	if r.err == nil && (v == 0 || v > limit) {
		r.err = fmt.Errorf("%w: %d not in [1, %d]", ErrBadDims, v, limit)
	}
	return int(v)
}

// int32s reads n int32 values, each with |v| <= bound.
func (r *reader) int32s(n uint64, bound int64) []int32 {
	b := r.take(n * 4) // n is bounded by dimension limits: no overflow
	if b == nil {
		return nil
	}
	out := make([]int32, n)
	for i := range out {
		v := int32(binary.LittleEndian.Uint32(b[4*i:]))
		if int64(v) > bound || int64(v) < -bound {
			r.err = fmt.Errorf("%w: value %d out of range", ErrBadTensor, v)
			return nil
		}
		out[i] = v
	}
	return out
}

// matrix reads a rows x cols quantized matrix: a width byte (8 or 16), the
// weights (int8, or int16 little-endian), the group mantissas (u16) and the
// row exponents (u8). The most negative weight is rejected so that every
// product fits the documented bounds.
func (r *reader) matrix(rows, cols, gs int) QMatrix {
	m := QMatrix{Rows: rows, Cols: cols, GroupSize: gs}
	width := r.take(1)
	if r.err != nil {
		return m
	}
	m.Bits = int(width[0])
	nw := uint64(rows) * uint64(cols)
	ng := uint64(rows) * uint64(numGroups(cols, gs))
	switch m.Bits {
	case 8:
		m.W8 = r.weights8(nw)
	case 16:
		m.W16 = r.weights16(nw)
	default:
		r.err = fmt.Errorf("%w: weight width %d", ErrBadTensor, m.Bits)
		return m
	}
	mb, eb := r.take(2*ng), r.take(uint64(rows))
	if r.err != nil {
		return m
	}
	m.Mant, m.Exp = make([]uint16, ng), append([]uint8(nil), eb...)
	for i := range m.Mant {
		if m.Mant[i] = binary.LittleEndian.Uint16(mb[2*i:]); m.Mant[i] > MaxMantissa {
			r.err = fmt.Errorf("%w: scale mantissa %d", ErrBadTensor, m.Mant[i])
			return m
		}
	}
	for _, e := range m.Exp {
		if e > MaxScaleExp {
			r.err = fmt.Errorf("%w: scale exponent %d", ErrBadTensor, e)
		}
	}
	return m
}

func (r *reader) weights8(n uint64) []int8 {
	b := r.take(n)
	if b == nil {
		return nil
	}
	w := make([]int8, n)
	for i, v := range b {
		if v == 0x80 {
			r.err = fmt.Errorf("%w: weight -128", ErrBadTensor)
			return nil
		}
		w[i] = int8(v)
	}
	return w
}

func (r *reader) weights16(n uint64) []int16 {
	b := r.take(2 * n)
	if b == nil {
		return nil
	}
	w := make([]int16, n)
	for i := range w {
		if w[i] = int16(binary.LittleEndian.Uint16(b[2*i:])); w[i] == -32768 {
			r.err = fmt.Errorf("%w: weight -32768", ErrBadTensor)
			return nil
		}
	}
	return w
}

// Decode parses and validates a canonical model file. A malformed file is an
// error, never a panic; allocations are bounded by len(file).
func Decode(file []byte) (*Model, error) {
	if len(file) > MaxModelBytes {
		return nil, ErrTooLarge
	}
	r := &reader{buf: file}
	if string(r.take(4)) != magic {
		return nil, ErrBadMagic
	}
	if v := r.u16(); v != FormatVersion {
		return nil, fmt.Errorf("%w: %d", ErrBadVersion, v)
	}
	m := &Model{Arch: Arch(r.u16())}
	m.GroupSize = r.dim(MaxGroupSize)
	m.Tables = r.tables()
	switch m.Arch {
	case ArchMLP:
		m.MLP = r.mlp(m.GroupSize)
	case ArchLlama:
		m.Llama = r.llama(m.GroupSize)
	default:
		return nil, fmt.Errorf("%w: %d", ErrBadArch, m.Arch)
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.off != len(file) {
		return nil, ErrTrailingBytes
	}
	return m, nil
}

func (r *reader) tables() Tables {
	t := Tables{ExpTable: r.int32s(expTableLen, maxTableAbs), SiLUTable: r.int32s(siluTableLen, maxSiLUAbs)}
	if r.err != nil {
		return t
	}
	if t.ExpTable[0] != expOne {
		r.err = fmt.Errorf("%w: exp(0) != 1", ErrBadTable)
	}
	for i := 1; i < expTableLen && r.err == nil; i++ {
		if t.ExpTable[i] < 0 || t.ExpTable[i] > t.ExpTable[i-1] {
			r.err = fmt.Errorf("%w: exp table not decreasing", ErrBadTable)
		}
	}
	return t
}

func (r *reader) mlp(gs int) *MLP {
	m := &MLP{InputDim: r.dim(MaxMLPWidth)}
	n := r.dim(MaxMLPLayers)
	if r.err != nil {
		return nil
	}
	m.Layers = make([]DenseLayer, n)
	for i := range m.Layers {
		m.Layers[i].W.Rows = r.dim(MaxMLPWidth)
		m.Layers[i].Act = Activation(r.u32())
		if r.err == nil && m.Layers[i].Act > ActReLU {
			r.err = fmt.Errorf("%w: activation %d", ErrBadDims, m.Layers[i].Act)
		}
	}
	in := m.InputDim
	for i := range m.Layers {
		l := &m.Layers[i]
		l.W = r.matrix(l.W.Rows, in, gs)
		l.Bias = r.int32s(uint64(l.W.Rows), maxInt32)
		in = l.W.Rows
	}
	return m
}
