package inference

import (
	"slices"
	"testing"
)

func benchMatrix(rows, cols, bits int) (*QMatrix, *QVector) {
	m := &QMatrix{Rows: rows, Cols: cols, GroupSize: 32, Bits: bits, Mant: make([]uint16, rows*numGroups(cols, 32)), Exp: make([]uint8, rows)}
	if bits == 8 {
		m.W8 = make([]int8, rows*cols)
		for i := range m.W8 {
			m.W8[i] = int8(i*7%255 - 127)
		}
	} else {
		m.W16 = make([]int16, rows*cols)
		for i := range m.W16 {
			m.W16[i] = int16(i*7919%65535 - 32767)
		}
	}
	for i := range m.Mant {
		m.Mant[i] = uint16(1<<14 + i%1000)
	}
	for i := range m.Exp {
		m.Exp[i] = 24
	}
	x := make([]int32, cols)
	for i := range x {
		x[i] = int32(i*104729%131072 - 65536)
	}
	v := NewQVector(cols)
	v.Quantize(x)
	return m, v
}

// BenchmarkMatVec measures the matrix-vector kernel (MAC/s) at stories
// shapes.
func BenchmarkMatVec(b *testing.B) {
	for _, c := range []struct {
		name             string
		rows, cols, bits int
	}{{"172x64/int8", 172, 64, 8}, {"172x64/int16", 172, 64, 16}, {"768x288/int8", 768, 288, 8}, {"768x288/int16", 768, 288, 16}} {
		m, v := benchMatrix(c.rows, c.cols, c.bits)
		out := make([]int32, c.rows)
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				m.MatVec(out, v)
			}
			b.ReportMetric(float64(c.rows*c.cols*b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
		})
	}
}

func BenchmarkMatVecFloat32(b *testing.B) {
	for _, c := range []struct {
		name       string
		rows, cols int
	}{{"172x64", 172, 64}, {"768x288", 768, 288}} {
		w := make([]float32, c.rows*c.cols)
		for i := range w {
			w[i] = float32(i%17) * 0.01
		}
		x := make([]float32, c.cols)
		for i := range x {
			x[i] = float32(i%5) * 0.1
		}
		out := make([]float32, c.rows)
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for r := range out {
					row := w[r*c.cols : (r+1)*c.cols]
					var acc float32
					for j, v := range row {
						acc += v * x[j]
					}
					out[r] = acc
				}
			}
			b.ReportMetric(float64(c.rows*c.cols*b.N)/b.Elapsed().Seconds()/1e9, "GMAC/s")
		})
	}
}

// referenceMatVec is the documented matrix-vector product written plainly.
func referenceMatVec(m *QMatrix, x *QVector) []int32 {
	out := make([]int32, m.Rows)
	g := m.Groups()
	for i := 0; i < m.Rows; i++ {
		var acc int64
		for j := 0; j < m.Cols; j++ {
			acc += int64(m.Weight(i, j)) * int64(x.Q[j]) * int64(m.Mant[i*g+j/m.GroupSize])
		}
		out[i] = Sat32(shiftSigned(acc, int(m.Exp[i])-x.Shift))
	}
	return out
}

func TestMatVecKernelsMatchReference(t *testing.T) {
	for _, c := range []struct{ rows, cols, gs, bits int }{
		{7, 64, 32, 8}, {7, 172, 32, 8}, {5, 40, 32, 16}, {5, 172, 32, 16}, {6, 50, 16, 8}, {6, 50, 16, 16}, {3, 31, 32, 8},
	} {
		m, v := benchMatrix(c.rows, c.cols, c.bits)
		m.GroupSize = c.gs
		m.Mant = m.Mant[:0]
		for i := 0; i < c.rows*m.Groups(); i++ {
			m.Mant = append(m.Mant, uint16(1<<14+i*7919%(1<<14)))
		}
		for i := range m.Exp {
			m.Exp[i] = uint8(10 + 3*i)
		}
		got := make([]int32, c.rows)
		m.MatVec(got, v)
		if want := referenceMatVec(m, v); !slices.Equal(got, want) {
			t.Fatalf("%+v: got %v, want %v", c, got, want)
		}
	}
}
