package inference

import (
	"encoding/binary"
	"fmt"
	"math/bits"

	"github.com/ethereum/go-ethereum/crypto/keccak"
)

// NoStopToken disables the stop token.
const NoStopToken = ^uint32(0)

// MaxTopK bounds top-k sampling's candidate set.
const MaxTopK = 1024

// GenerateParams are the inputs of a generation.
type GenerateParams struct {
	Prompt       []uint32 // at least one token
	MaxNewTokens uint32
	// TemperatureQ16 is the temperature in Q16; 0 selects greedy decoding.
	TemperatureQ16 uint32
	// TopK limits sampling to the K most likely tokens; 0 means MaxTopK.
	TopK      uint32
	Seed      uint64
	StopToken uint32 // NoStopToken for none; the stop token is not returned
}

// Generation is the result of a generation.
type Generation struct {
	Tokens    []uint32 // generated tokens, without the prompt or stop token
	Stopped   bool     // the stop token was produced
	TraceRoot [32]byte
	Positions int // forward passes run
}

// Generate runs the decoder on the prompt and then samples up to
// MaxNewTokens tokens. Step i (0-based) draws its randomness from
// keccak256(seed ‖ i), both big-endian uint64; greedy steps ignore it.
func (m *Model) Generate(p GenerateParams) (*Generation, error) {
	if m.Llama == nil {
		return nil, ErrNotLlama
	}
	c := &m.Llama.Config
	if len(p.Prompt) == 0 {
		return nil, fmt.Errorf("%w: empty prompt", ErrBadToken)
	}
	total := uint64(len(p.Prompt)) + uint64(p.MaxNewTokens)
	if total > uint64(c.SeqLen) {
		return nil, fmt.Errorf("%w: %d prompt + %d new > %d", ErrContextFull, len(p.Prompt), p.MaxNewTokens, c.SeqLen)
	}
	if p.TopK > uint32(c.Vocab) || p.TopK > MaxTopK {
		return nil, fmt.Errorf("%w: top-k %d", ErrBadSampling, p.TopK)
	}
	s, err := m.NewSession(max(int(total)-1, len(p.Prompt)))
	if err != nil {
		return nil, err
	}
	return s.generate(p)
}

func (s *Session) generate(p GenerateParams) (*Generation, error) {
	var logits []int32
	var err error
	for _, tok := range p.Prompt {
		if logits, err = s.Forward(int(tok)); err != nil {
			return nil, err
		}
	}
	g := &Generation{}
	for step := uint32(0); step < p.MaxNewTokens; step++ {
		var rnd uint64
		if p.TemperatureQ16 != 0 { // greedy steps need no randomness
			rnd = stepRandom(p.Seed, uint64(step))
		}
		next := s.t.Sample(logits, p.TemperatureQ16, p.TopK, rnd)
		if uint32(next) == p.StopToken {
			g.Stopped = true
			break
		}
		g.Tokens = append(g.Tokens, uint32(next))
		if step+1 == p.MaxNewTokens {
			break
		}
		if logits, err = s.Forward(next); err != nil {
			return nil, err
		}
	}
	g.TraceRoot, g.Positions = s.trace.Root(), s.pos
	return g, nil
}

// stepRandom returns the first 8 bytes (big-endian) of keccak256(seed ‖ step).
func stepRandom(seed, step uint64) uint64 {
	var in [16]byte
	binary.BigEndian.PutUint64(in[:8], seed)
	binary.BigEndian.PutUint64(in[8:], step)
	h := keccak.NewLegacyKeccak256()
	h.Write(in[:])
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}

// Sample picks a token from Q16 logits. temperatureQ16 == 0 is greedy
// (argmax, lowest id on ties). Otherwise the logits are divided by the
// temperature, the topK best (ties: lower id first; 0 = MaxTopK) are
// weighted by ExpNeg(l - max), and the token whose cumulative weight first
// exceeds floor(rnd * total / 2^64) is chosen.
func (t *Tables) Sample(logits []int32, temperatureQ16, topK uint32, rnd uint64) int {
	if temperatureQ16 == 0 {
		return Argmax(logits)
	}
	k := int(topK)
	if k == 0 {
		k = MaxTopK
	}
	cand := topKIndices(logits, min(k, len(logits)))
	weights := make([]int64, len(cand))
	top := int64(logits[cand[0]])
	var total uint64
	for i, id := range cand {
		d := RoundDiv((int64(logits[id])-top)<<FracBits, int64(temperatureQ16))
		weights[i] = t.ExpNeg(d)
		total += uint64(weights[i])
	}
	u, _ := bits.Mul64(rnd, total)
	var cum uint64
	for i, w := range weights {
		cum += uint64(w)
		if cum > u {
			return cand[i]
		}
	}
	return cand[0] // unreachable: u < total
}

// topKIndices returns the indices of the k largest values, best first, the
// lower index first among equal values (insertion into a sorted buffer).
func topKIndices(v []int32, k int) []int {
	out := make([]int, 0, k)
	for i, x := range v {
		if len(out) == k && x <= v[out[k-1]] {
			continue
		}
		pos := len(out)
		for pos > 0 && x > v[out[pos-1]] {
			pos--
		}
		if len(out) < k {
			out = append(out, 0)
		}
		copy(out[pos+1:], out[pos:len(out)-1])
		out[pos] = i
	}
	return out
}
