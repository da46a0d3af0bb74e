package convert

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// ErrBadGGUF reports a malformed or unsupported GGUF file.
var ErrBadGGUF = errors.New("convert: malformed or unsupported GGUF file")

// GGUF tensor types the converter reads (ggml_type).
const (
	ggmlF32  = 0
	ggmlF16  = 1
	ggmlQ8_0 = 8
)

// GGUF metadata value types.
const (
	ggufU8, ggufI8, ggufU16, ggufI16, ggufU32, ggufI32, ggufF32, ggufBool, ggufString, ggufArray, ggufU64, ggufI64, ggufF64 = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
)

// Bounds on what a GGUF file may declare (all far above a model the engine
// can run).
const (
	ggufMaxTensors = 1 << 16
	ggufMaxKV      = 1 << 16
	ggufMaxDims    = 4
	q8BlockBytes   = 34 // f16 scale + 32 int8
	q8BlockLen     = 32
)

// GGUFTensor is one tensor of a GGUF file. Dims are in ggml order: Dims[0]
// is the length of a row (columns), Dims[1] the number of rows.
type GGUFTensor struct {
	Name string
	Dims []uint64
	Type uint32
	Data []byte
}

// GGUFFile is a parsed GGUF (version 2 or 3) file.
type GGUFFile struct {
	Version uint32
	KV      map[string]any // scalars as Go values (uint64, int64, float64, bool, string); arrays skipped
	Tensors map[string]*GGUFTensor
}

// ggufReader is a bounds-checked little-endian cursor.
type ggufReader struct {
	b   []byte
	off uint64
	err error
}

func (r *ggufReader) take(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b))-r.off {
		r.err = fmt.Errorf("%w: truncated at byte %d", ErrBadGGUF, r.off)
		return nil
	}
	out := r.b[r.off : r.off+n]
	r.off += n
	return out
}

func (r *ggufReader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *ggufReader) u64() uint64 {
	if b := r.take(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (r *ggufReader) str() string { return string(r.take(r.u64())) }

// scalar reads one metadata value of type t.
func (r *ggufReader) scalar(t uint32) any {
	sizes := map[uint32]uint64{ggufU8: 1, ggufI8: 1, ggufBool: 1, ggufU16: 2, ggufI16: 2, ggufU32: 4, ggufI32: 4,
		ggufF32: 4, ggufU64: 8, ggufI64: 8, ggufF64: 8}
	if t == ggufString {
		return r.str()
	}
	n, ok := sizes[t]
	if !ok {
		r.err = fmt.Errorf("%w: metadata type %d", ErrBadGGUF, t)
		return nil
	}
	b := r.take(n)
	if b == nil {
		return nil
	}
	var u uint64
	for i := len(b) - 1; i >= 0; i-- {
		u = u<<8 | uint64(b[i])
	}
	switch t {
	case ggufF32:
		return float64(math.Float32frombits(uint32(u)))
	case ggufF64:
		return math.Float64frombits(u)
	case ggufBool:
		return u != 0
	case ggufI8, ggufI16, ggufI32, ggufI64:
		shift := 64 - 8*n
		return int64(u<<shift) >> shift
	}
	return u
}

// value reads a metadata value; arrays are read and dropped (nil).
func (r *ggufReader) value(t uint32, depth int) any {
	if t != ggufArray {
		return r.scalar(t)
	}
	et, n := r.u32(), r.u64()
	if depth > 2 || n > uint64(len(r.b)) {
		r.err = fmt.Errorf("%w: array of %d", ErrBadGGUF, n)
		return nil
	}
	for i := uint64(0); i < n && r.err == nil; i++ {
		r.value(et, depth+1)
	}
	return nil
}

// ParseGGUF parses a GGUF file: header, metadata and tensor table; tensor
// data are sub-slices of data.
func ParseGGUF(data []byte) (*GGUFFile, error) {
	r := &ggufReader{b: data}
	if string(r.take(4)) != "GGUF" {
		return nil, fmt.Errorf("%w: bad magic", ErrBadGGUF)
	}
	f := &GGUFFile{Version: r.u32(), KV: map[string]any{}, Tensors: map[string]*GGUFTensor{}}
	nt, nkv := r.u64(), r.u64()
	if r.err == nil && (f.Version < 2 || f.Version > 3 || nt > ggufMaxTensors || nkv > ggufMaxKV) {
		return nil, fmt.Errorf("%w: version %d, %d tensors, %d keys", ErrBadGGUF, f.Version, nt, nkv)
	}
	for i := uint64(0); i < nkv && r.err == nil; i++ {
		key := r.str()
		f.KV[key] = r.value(r.u32(), 0)
	}
	infos := make([]*GGUFTensor, 0, nt)
	offsets := make([]uint64, 0, nt)
	for i := uint64(0); i < nt && r.err == nil; i++ {
		t := &GGUFTensor{Name: r.str()}
		nd := r.u32()
		if nd == 0 || nd > ggufMaxDims {
			return nil, fmt.Errorf("%w: tensor %q has %d dims", ErrBadGGUF, t.Name, nd)
		}
		for d := uint32(0); d < nd; d++ {
			t.Dims = append(t.Dims, r.u64())
		}
		t.Type = r.u32()
		infos, offsets = append(infos, t), append(offsets, r.u64())
	}
	if r.err != nil {
		return nil, r.err
	}
	return f, f.placeTensors(data, r.off, infos, offsets)
}

// placeTensors slices each tensor's data after the aligned header.
func (f *GGUFFile) placeTensors(data []byte, headerEnd uint64, infos []*GGUFTensor, offsets []uint64) error {
	align := uint64(32)
	if a, ok := f.KV["general.alignment"].(uint64); ok && a > 0 && a <= 1<<16 {
		align = a
	}
	start := (headerEnd + align - 1) / align * align
	for i, t := range infos {
		size, err := tensorBytes(t)
		if err != nil {
			return err
		}
		off := offsets[i]
		if start > uint64(len(data)) || off > uint64(len(data))-start || size > uint64(len(data))-start-off {
			return fmt.Errorf("%w: tensor %q data out of the file", ErrBadGGUF, t.Name)
		}
		t.Data = data[start+off : start+off+size]
		if _, dup := f.Tensors[t.Name]; dup {
			return fmt.Errorf("%w: duplicate tensor %q", ErrBadGGUF, t.Name)
		}
		f.Tensors[t.Name] = t
	}
	return nil
}

func tensorBytes(t *GGUFTensor) (uint64, error) {
	n := uint64(1)
	for _, d := range t.Dims {
		if d == 0 || d > 1<<32 || n > (1<<40)/d {
			return 0, fmt.Errorf("%w: tensor %q dims %v", ErrBadGGUF, t.Name, t.Dims)
		}
		n *= d
	}
	switch t.Type {
	case ggmlF32:
		return 4 * n, nil
	case ggmlF16:
		return 2 * n, nil
	case ggmlQ8_0:
		if t.Dims[0]%q8BlockLen != 0 {
			return 0, fmt.Errorf("%w: Q8_0 tensor %q rows of %d", ErrBadGGUF, t.Name, t.Dims[0])
		}
		return n / q8BlockLen * q8BlockBytes, nil
	}
	return 0, fmt.Errorf("%w: tensor %q has unsupported type %d (F32, F16, Q8_0 only)", ErrBadGGUF, t.Name, t.Type)
}

// f16Parts splits an IEEE half into sign, integer mantissa and power of two:
// h = (-1)^neg * m * 2^p exactly.
func f16Parts(h uint16) (neg bool, m uint32, p int, ok bool) {
	e, frac := int(h>>10&0x1f), uint32(h&0x3ff)
	switch e {
	case 0:
		return h>>15 == 1, frac, -24, true
	case 31:
		return false, 0, 0, false
	}
	return h>>15 == 1, 1024 + frac, e - 25, true
}

// f16ToFloat returns the value of an IEEE half.
func f16ToFloat(h uint16) float32 {
	neg, m, p, ok := f16Parts(h)
	if !ok {
		return float32(math.NaN())
	}
	v := float32(math.Ldexp(float64(m), p))
	if neg {
		v = -v
	}
	return v
}
