package convert

import "math"

// FloatSession is a plain float32 forward pass of a FloatLlama, written to
// follow llama2.c's run.c semantics. It is the reference the integer engine
// is measured against; it is never used in consensus.
type FloatSession struct {
	f                 *FloatLlama
	pos               int
	x, xb, xb2, q, hb []float32
	hb2, att, logits  []float32
	keys, values      [][]float32
}

// NewSession prepares a float run of at most positions tokens.
func (f *FloatLlama) NewSession(positions int) *FloatSession {
	c := &f.Config
	s := &FloatSession{
		f: f, x: make([]float32, c.Dim), xb: make([]float32, c.Dim), xb2: make([]float32, c.Dim),
		q: make([]float32, c.Dim), hb: make([]float32, c.Hidden), hb2: make([]float32, c.Hidden),
		att: make([]float32, positions), logits: make([]float32, c.Vocab),
		keys: make([][]float32, c.Layers), values: make([][]float32, c.Layers),
	}
	for l := range s.keys {
		s.keys[l] = make([]float32, positions*c.KVDim())
		s.values[l] = make([]float32, positions*c.KVDim())
	}
	return s
}

// Forward processes token at the next position and returns the logits.
func (s *FloatSession) Forward(token int) []float32 {
	c := &s.f.Config
	copy(s.x, s.f.Embed[token*c.Dim:(token+1)*c.Dim])
	for l := range s.f.Layers {
		s.attention(l)
		s.feedForward(l)
	}
	rmsNorm(s.xb, s.x, s.f.FinalNorm)
	matVec(s.logits, s.f.Classifier, s.xb)
	s.pos++
	return s.logits
}

func (s *FloatSession) attention(l int) {
	c, w := &s.f.Config, &s.f.Layers[l]
	kvDim, hd := c.KVDim(), c.HeadDim()
	key := s.keys[l][s.pos*kvDim : (s.pos+1)*kvDim]
	val := s.values[l][s.pos*kvDim : (s.pos+1)*kvDim]
	rmsNorm(s.xb, s.x, w.AttnNorm)
	matVec(s.q, w.WQ, s.xb)
	matVec(key, w.WK, s.xb)
	matVec(val, w.WV, s.xb)
	s.rope(s.q, hd)
	s.rope(key, hd)
	for h := 0; h < c.Heads; h++ {
		kvOff := (h / (c.Heads / c.KVHeads)) * hd
		q, att := s.q[h*hd:(h+1)*hd], s.att[:s.pos+1]
		for t := range att {
			var dot float32
			for i := range q {
				dot += q[i] * s.keys[l][t*kvDim+kvOff+i]
			}
			att[t] = dot / float32(math.Sqrt(float64(hd)))
		}
		softmax(att)
		out := s.xb[h*hd : (h+1)*hd]
		clear(out)
		for t, a := range att {
			for i := range out {
				out[i] += a * s.values[l][t*kvDim+kvOff+i]
			}
		}
	}
	matVec(s.xb2, w.WO, s.xb)
	for i := range s.x {
		s.x[i] += s.xb2[i]
	}
}

func (s *FloatSession) rope(v []float32, hd int) {
	for i := 0; i+1 < len(v); i += 2 {
		a := float64(s.pos) * ropeFreq((i%hd)/2, hd)
		fcr, fci := float32(math.Cos(a)), float32(math.Sin(a))
		v0, v1 := v[i], v[i+1]
		v[i], v[i+1] = v0*fcr-v1*fci, v0*fci+v1*fcr
	}
}

func (s *FloatSession) feedForward(l int) {
	w := &s.f.Layers[l]
	rmsNorm(s.xb, s.x, w.FFNNorm)
	matVec(s.hb, w.W1, s.xb)
	matVec(s.hb2, w.W3, s.xb)
	for i, v := range s.hb {
		s.hb[i] = v / (1 + float32(math.Exp(float64(-v)))) * s.hb2[i]
	}
	matVec(s.xb, w.W2, s.hb)
	for i := range s.x {
		s.x[i] += s.xb[i]
	}
}

func rmsNorm(out, x, w []float32) {
	var ss float32
	for _, v := range x {
		ss += v * v
	}
	inv := 1 / float32(math.Sqrt(float64(ss/float32(len(x))+1e-5)))
	for i, v := range x {
		out[i] = w[i] * (inv * v)
	}
}

func matVec(out, w, x []float32) {
	n := len(x)
	for i := range out {
		row := w[i*n : (i+1)*n]
		var acc float32
		for j, v := range row {
			acc += v * x[j]
		}
		out[i] = acc
	}
}

func softmax(x []float32) {
	m := x[0]
	for _, v := range x[1:] {
		m = max(m, v)
	}
	var sum float32
	for i, v := range x {
		x[i] = float32(math.Exp(float64(v - m)))
		sum += x[i]
	}
	for i := range x {
		x[i] /= sum
	}
}

// ArgmaxFloat returns the index of the largest value, the lowest on ties.
func ArgmaxFloat(v []float32) int {
	best := 0
	for i := 1; i < len(v); i++ {
		if v[i] > v[best] {
			best = i
		}
	}
	return best
}

// splitMix is a seeded generator (synthetic weights, sample inputs).
type splitMix uint64

// next returns the next 64 random bits (splitmix64).
func (r *splitMix) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// unit returns a value in [0, 1) with 53 random bits.
func (r *splitMix) unit() float64 { return float64(r.next()>>11) / (1 << 53) }
