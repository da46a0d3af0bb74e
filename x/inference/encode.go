package inference

import (
	"encoding/binary"
	"fmt"
)

// writer appends little-endian values.
type writer struct{ buf []byte }

func (w *writer) u16(v uint16) { w.buf = binary.LittleEndian.AppendUint16(w.buf, v) }
func (w *writer) u32(v uint32) { w.buf = binary.LittleEndian.AppendUint32(w.buf, v) }
func (w *writer) u64(v uint64) { w.buf = binary.LittleEndian.AppendUint64(w.buf, v) }

func (w *writer) int32s(v []int32) {
	for _, x := range v {
		w.u32(uint32(x))
	}
}

func (w *writer) matrix(m *QMatrix) {
	w.buf = append(w.buf, byte(m.Bits))
	for _, x := range m.W8 {
		w.buf = append(w.buf, byte(x))
	}
	for _, x := range m.W16 {
		w.u16(uint16(x))
	}
	for _, x := range m.Mant {
		w.u16(x)
	}
	w.buf = append(w.buf, m.Exp...)
}

// Encode serializes m in the canonical format. Decode(Encode(m)) == m, and
// the result is re-decoded before it is returned, so Encode never produces a
// file that Decode rejects.
func Encode(m *Model) ([]byte, error) {
	w := &writer{}
	w.buf = append(w.buf, magic...)
	w.u16(FormatVersion)
	w.u16(uint16(m.Arch))
	w.u32(uint32(m.GroupSize))
	w.int32s(m.Tables.ExpTable)
	w.int32s(m.Tables.SiLUTable)
	switch {
	case m.Arch == ArchMLP && m.MLP != nil:
		w.mlp(m.MLP)
	case m.Arch == ArchLlama && m.Llama != nil:
		w.llama(m.Llama)
	default:
		return nil, fmt.Errorf("%w: %d", ErrBadArch, m.Arch)
	}
	if _, err := Decode(w.buf); err != nil {
		return nil, fmt.Errorf("inference: encoded model does not decode: %w", err)
	}
	return w.buf, nil
}

func (w *writer) mlp(m *MLP) {
	w.u32(uint32(m.InputDim))
	w.u32(uint32(len(m.Layers)))
	for i := range m.Layers {
		w.u32(uint32(m.Layers[i].W.Rows))
		w.u32(uint32(m.Layers[i].Act))
	}
	for i := range m.Layers {
		w.matrix(&m.Layers[i].W)
		w.int32s(m.Layers[i].Bias)
	}
}

func (w *writer) llama(m *Llama) {
	c := &m.Config
	for _, d := range []int{c.Dim, c.Hidden, c.Layers, c.Heads, c.KVHeads, c.Vocab, c.SeqLen} {
		w.u32(uint32(d))
	}
	shared := uint32(0)
	if c.SharedClassifier {
		shared = 1
	}
	w.u32(shared)
	w.u64(uint64(c.NormEps))
	w.matrix(&m.Embed)
	for i := range m.Layers {
		l := &m.Layers[i]
		w.int32s(l.AttnNorm)
		w.matrix(&l.WQ)
		w.matrix(&l.WK)
		w.matrix(&l.WV)
		w.matrix(&l.WO)
		w.int32s(l.FFNNorm)
		w.matrix(&l.W1)
		w.matrix(&l.W2)
		w.matrix(&l.W3)
	}
	w.int32s(m.FinalNorm)
	if !c.SharedClassifier {
		w.matrix(&m.Classifier)
	}
	w.int32s(m.RopeCos)
	w.int32s(m.RopeSin)
}
