package inference

import (
	"errors"
	"fmt"
)

// Errors of a decoder session.
var (
	ErrNotLlama       = errors.New("inference: model is not a decoder")
	ErrNotMLP         = errors.New("inference: model is not an MLP")
	ErrContextFull    = errors.New("inference: context length exceeded")
	ErrBadToken       = errors.New("inference: token id out of range")
	ErrBadInputLength = errors.New("inference: input length does not match the model")
)

// Session runs a decoder one position at a time, keeping the KV cache and
// the activation trace. A Session is not safe for concurrent use.
type Session struct {
	m      *Llama
	t      *Tables
	pos    int
	limit  int
	trace  *Tracer
	x, xb  []int32 // residual stream, normalised / attention output
	hb     []int32 // FFN hidden (w1 then silu(w1)*w3)
	hb2    []int32 // FFN hidden (w3)
	q      []int32
	logits []int32
	qDim   *QVector
	qHid   *QVector
	scores []int32
	probs  []int32
	expBuf []int64
	headQ  []int64 // one head's query, pre-scaled by 1/sqrt(HeadDim)
	headV  []int64 // one head's value accumulator
	// invSqrtHd is 1/sqrt(HeadDim) in Q30.
	invSqrtHd int64
	keys      [][]int32 // per layer: limit x KVDim
	values    [][]int32
	observe   Observer // nil unless an offline tool watches the inputs
}

// MatInput names the input vector of a decoder's matrix products.
type MatInput uint8

// The inputs an Observer sees, in the order a position computes them.
const (
	InputQKV        MatInput = iota // attention-normalised x, into WQ, WK, WV
	InputWO                         // attention output, into WO
	InputW13                        // FFN-normalised x, into W1, W3
	InputW2                         // SwiGLU hidden, into W2
	InputClassifier                 // final-normalised x, into the classifier (layer = Layers)
)

// Observer is called with every quantized vector a matrix product reads.
// It must not modify or keep x. Offline tools (calibration of a quantizer)
// use it; it never changes a result.
type Observer func(layer int, in MatInput, x *QVector)

// Observe installs o (nil removes it) for the following Forward calls.
func (s *Session) Observe(o Observer) { s.observe = o }

func (s *Session) notify(layer int, in MatInput, x *QVector) {
	if s.observe != nil {
		s.observe(layer, in, x)
	}
}

// NewSession prepares a decoder run of at most positions tokens (prompt and
// generated); the KV cache is sized for that, never for the full SeqLen.
func (m *Model) NewSession(positions int) (*Session, error) {
	if m.Llama == nil {
		return nil, ErrNotLlama
	}
	c := &m.Llama.Config
	if positions <= 0 || positions > c.SeqLen {
		return nil, fmt.Errorf("%w: %d positions, seq_len %d", ErrContextFull, positions, c.SeqLen)
	}
	s := &Session{
		m: m.Llama, t: &m.Tables, limit: positions, trace: NewTracer(),
		x: make([]int32, c.Dim), xb: make([]int32, c.Dim), q: make([]int32, c.Dim),
		hb: make([]int32, c.Hidden), hb2: make([]int32, c.Hidden), logits: make([]int32, c.Vocab),
		qDim: NewQVector(c.Dim), qHid: NewQVector(c.Hidden),
		scores: make([]int32, positions), probs: make([]int32, positions), expBuf: make([]int64, positions),
		headQ: make([]int64, c.HeadDim()), headV: make([]int64, c.HeadDim()),
		invSqrtHd: RoundDiv(1<<45, int64(isqrtRound(uint64(c.HeadDim())<<30))),
		keys:      make([][]int32, c.Layers), values: make([][]int32, c.Layers),
	}
	s.trace.Leaves = make([][32]byte, 0, positions*(c.Layers+1))
	for l := range s.keys {
		s.keys[l] = make([]int32, positions*c.KVDim())
		s.values[l] = make([]int32, positions*c.KVDim())
	}
	return s, nil
}

// Pos returns the number of positions processed so far.
func (s *Session) Pos() int { return s.pos }

// Trace returns the session's activation trace.
func (s *Session) Trace() *Tracer { return s.trace }

// Forward processes token at the next position and returns the logits (Q16)
// for the following token. The returned slice is reused by the next call.
func (s *Session) Forward(token int) ([]int32, error) {
	c := &s.m.Config
	if token < 0 || token >= c.Vocab {
		return nil, fmt.Errorf("%w: %d", ErrBadToken, token)
	}
	if s.pos >= s.limit {
		return nil, ErrContextFull
	}
	s.m.Embed.DequantRow(s.x, token)
	for l := range s.m.Layers {
		s.attention(l)
		s.feedForward(l)
		s.trace.Record(s.pos, l, s.x)
	}
	RMSNorm(s.xb, s.x, s.m.FinalNorm, c.NormEps)
	s.qDim.Quantize(s.xb)
	s.notify(c.Layers, InputClassifier, s.qDim)
	s.m.Classifier.MatVec(s.logits, s.qDim)
	s.trace.Record(s.pos, c.Layers, s.logits)
	s.pos++
	return s.logits, nil
}

// attention runs the attention half of block l and adds it to x.
func (s *Session) attention(l int) {
	c, layer := &s.m.Config, &s.m.Layers[l]
	kvDim := c.KVDim()
	key := s.keys[l][s.pos*kvDim : (s.pos+1)*kvDim]
	val := s.values[l][s.pos*kvDim : (s.pos+1)*kvDim]
	RMSNorm(s.xb, s.x, layer.AttnNorm, c.NormEps)
	s.qDim.Quantize(s.xb)
	s.notify(l, InputQKV, s.qDim)
	layer.WQ.MatVec(s.q, s.qDim)
	layer.WK.MatVec(key, s.qDim)
	layer.WV.MatVec(val, s.qDim)
	s.rope(s.q)
	s.rope(key)
	for h := 0; h < c.Heads; h++ {
		s.attendHead(l, h)
	}
	s.qDim.Quantize(s.xb)
	s.notify(l, InputWO, s.qDim)
	layer.WO.MatVec(s.q, s.qDim) // q is free again: use it as the output
	addSat(s.x, s.q)
}

// rope rotates consecutive pairs of v by the position's angles (Q30 tables).
func (s *Session) rope(v []int32) {
	half := s.m.Config.HeadDim() / 2
	cos := s.m.RopeCos[s.pos*half : (s.pos+1)*half]
	sin := s.m.RopeSin[s.pos*half : (s.pos+1)*half]
	for i := 0; i+1 < len(v); i += 2 {
		k := (i % (2 * half)) / 2
		a, b := int64(v[i]), int64(v[i+1])
		cs, sn := int64(cos[k]), int64(sin[k])
		v[i] = Sat32(RoundShift(a*cs-b*sn, 30))
		v[i+1] = Sat32(RoundShift(a*sn+b*cs, 30))
	}
}

// attendHead computes head h's softmax(q k^T / sqrt(d)) v into xb. The
// query is scaled once by 1/sqrt(d) (Q30, RoundShift), each score is the
// exact dot product narrowed to Q16 by RoundShift, and the output is the
// exact sum of probability (Q16) times value, narrowed by RoundShift.
func (s *Session) attendHead(l, h int) {
	c := &s.m.Config
	hd, kvDim := c.HeadDim(), c.KVDim()
	kvOff := (h / (c.Heads / c.KVHeads)) * hd
	q := s.headQ[:hd]
	for i, v := range s.q[h*hd : (h+1)*hd] {
		q[i] = RoundShift(int64(v)*s.invSqrtHd, 30)
	}
	n := s.pos + 1
	keys, scores := s.keys[l], s.scores[:n]
	for t, base := 0, kvOff; t < n; t, base = t+1, base+kvDim {
		scores[t] = Sat32(RoundShift(dotPairs(q, keys[base:base+hd]), FracBits)) // Q32 -> Q16
	}
	s.t.Softmax(s.probs[:n], scores, s.expBuf[:n])
	acc := s.headV[:hd]
	clear(acc)
	values := s.values[l]
	for t, base := 0, kvOff; t < n; t, base = t+1, base+kvDim {
		p, v := int64(s.probs[t]), values[base:base+hd]
		for i := 0; i+1 < len(v); i += 2 {
			acc[i] += p * int64(v[i])
			acc[i+1] += p * int64(v[i+1])
		}
	}
	out := s.xb[h*hd : (h+1)*hd]
	for i, a := range acc {
		out[i] = Sat32(RoundShift(a, FracBits))
	}
}

// dotPairs is the int64 dot product of q and k (even length), two
// elements per step.
func dotPairs(q []int64, k []int32) int64 {
	k = k[:len(q)]
	var s0, s1 int64
	for i := 0; i+1 < len(q); i += 2 {
		s0 += q[i] * int64(k[i])
		s1 += q[i+1] * int64(k[i+1])
	}
	return s0 + s1
}

// feedForward runs the SwiGLU half of block l and adds it to x.
func (s *Session) feedForward(l int) {
	c, layer := &s.m.Config, &s.m.Layers[l]
	RMSNorm(s.xb, s.x, layer.FFNNorm, c.NormEps)
	s.qDim.Quantize(s.xb)
	s.notify(l, InputW13, s.qDim)
	layer.W1.MatVec(s.hb, s.qDim)
	layer.W3.MatVec(s.hb2, s.qDim)
	for i, v := range s.hb {
		s.hb[i] = Sat32(RoundShift(int64(s.t.SiLU(v))*int64(s.hb2[i]), FracBits))
	}
	s.qHid.Quantize(s.hb)
	s.notify(l, InputW2, s.qHid)
	layer.W2.MatVec(s.xb, s.qHid)
	addSat(s.x, s.xb)
}

// addSat adds d to x element-wise, saturating.
func addSat(x, d []int32) {
	for i := range x {
		x[i] = Sat32(int64(x[i]) + int64(d[i]))
	}
}
