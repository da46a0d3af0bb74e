package inference

import "math/bits"

// Gas limits of the inference precompile.
const (
	// MaxCallGas is the most one call may cost: the EIP-7825 transaction
	// gas cap, so a call always fits one transaction.
	MaxCallGas = 1 << 24
	// MaxBlockInferenceGas is the intended per-block cap on inference gas
	// (enforced by the block executor, which sees every call).
	MaxBlockInferenceGas = 30_000_000
	// PrecompileMaxTopK bounds top-k through the precompile (sampling costs
	// O(vocab * k) in the worst case).
	PrecompileMaxTopK = 64
	// wordGas is charged per 32-byte word of input and output.
	wordGas = 3
)

// GasParams are a registered model's gas parameters, frozen at registration.
//
// A call costs
//
//	Base + wordGas * (input words + output words)
//	     + PerPosition * positions
//	     + ceil(MACs / MACsPerGas)
//
// where, for a decoder with T = len(prompt) + max(maxNewTokens - 1, 0)
// forward positions, N = maxNewTokens sampled tokens, k = max(topK, 1):
//
//	MACs = T * (L*(2*d*d + 2*d*kv + 3*d*h) + V*d)   dense and classifier
//	     + L * d * T * (T + 1)                      attention (q.k and p.v)
//	     + N * V * k                                sampling (worst case)
//
// and for an MLP, T = 1 and MACs = sum of in*out over its layers. The
// defaults come from BenchmarkGas: on one core of the reference machine the
// engine runs well over MACsPerGas multiply-accumulates per 8 ns, so 30M gas
// of inference executes in under 250 ms.
type GasParams struct {
	Base        uint64
	PerPosition uint64
	MACsPerGas  uint64
}

// DefaultGasParams are the calibrated defaults (see GasParams).
var DefaultGasParams = GasParams{Base: 2000, PerPosition: 200, MACsPerGas: 4}

// mulAdd returns a*b + c, saturating at the maximum uint64.
func mulAdd(a, b, c uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	sum, carry := bits.Add64(lo, c, 0)
	if hi != 0 || carry != 0 {
		return ^uint64(0)
	}
	return sum
}

// DenseMACs returns the multiply-accumulates of one decoder position,
// excluding attention.
func (c *LlamaConfig) DenseMACs() uint64 {
	d, kv, h, v := uint64(c.Dim), uint64(c.KVDim()), uint64(c.Hidden), uint64(c.Vocab)
	return uint64(c.Layers)*(2*d*d+2*d*kv+3*d*h) + v*d
}

// GenerateGas returns the gas of a generation (see GasParams); it
// saturates instead of overflowing.
func (g GasParams) GenerateGas(c *LlamaConfig, promptLen, maxNew, topK, ioWords uint64) uint64 {
	t := promptLen
	if maxNew > 0 {
		t += maxNew - 1
	}
	macs := mulAdd(t, c.DenseMACs(), 0)
	macs = mulAdd(uint64(c.Layers)*uint64(c.Dim), mulAdd(t, t+1, 0), macs)
	macs = mulAdd(maxNew, mulAdd(uint64(c.Vocab), max(topK, 1), 0), macs)
	return g.total(t, macs, ioWords)
}

// InferGas returns the gas of an MLP inference.
func (g GasParams) InferGas(m *MLP, ioWords uint64) uint64 {
	var macs uint64
	for i := range m.Layers {
		macs = mulAdd(uint64(m.Layers[i].W.Rows), uint64(m.Layers[i].W.Cols), macs)
	}
	return g.total(1, macs, ioWords)
}

func (g GasParams) total(positions, macs, ioWords uint64) uint64 {
	per := max(g.MACsPerGas, 1)
	gas := mulAdd(wordGas, ioWords, g.Base)
	gas = mulAdd(g.PerPosition, positions, gas)
	return mulAdd(1, macs/per+min(macs%per, 1), gas)
}
