package inference

// BlockMeter counts the inference gas of one block's successful precompile
// calls against the per-block cap (MaxBlockInferenceGas).
//
// What it counts: the gas of every call that ran to completion, in
// execution order, including calls inside frames or transactions that later
// reverted (the work was done); calls that revert (bad input, over a cap)
// cost their caller gas but are not counted. The count is a pure function of
// the block's ordered transactions, so every node agrees on it as long as
// the block runs in order on one meter: the block builder creates one
// precompile instance per block, eth_call one per call, and the parallel
// executor runs blocks that reach the precompile sequentially (x/evm).
// A BlockMeter is not safe for concurrent use.
type BlockMeter struct {
	cap, used uint64
}

// NewBlockMeter returns an empty meter with the given cap.
func NewBlockMeter(cap uint64) *BlockMeter { return &BlockMeter{cap: cap} }

// Fits reports whether a call of gas still fits in the block.
func (m *BlockMeter) Fits(gas uint64) bool { return gas <= m.cap-m.used }

// Charge counts a completed call.
func (m *BlockMeter) Charge(gas uint64) { m.used += min(gas, m.cap-m.used) }

// Used returns the inference gas counted so far.
func (m *BlockMeter) Used() uint64 { return m.used }

// Left returns the inference gas still available to the block.
func (m *BlockMeter) Left() uint64 { return m.cap - m.used }

// Cap returns the meter's cap.
func (m *BlockMeter) Cap() uint64 { return m.cap }
