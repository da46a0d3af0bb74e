// Package inference is Hyperion's integer-only inference engine, its model
// registry and the inference precompile (0x…0810).
//
// Every validator re-executes inference inside block execution, so the engine
// must give the same bits on every machine and GOARCH. It therefore uses no
// floating point at all (a test parses this package and rejects float types,
// float constants and package math): weights are int8 (or int16), scales are
// integers, activations are int32 fixed point, and every non-linear function
// comes from a lookup table stored inside the (hashed) model file.
//
// # Number formats
//
//   - Activations: int32 in Q16.16 (real value = v / 2^16), saturated to the
//     int32 range whenever an int64 intermediate is narrowed.
//   - Weights: int8 in [-127, 127] (or int16 in [-32767, 32767], per matrix),
//     in groups of GroupSize (from the file header) along each row; the last
//     group of a row may be shorter. Group g of row i has the scale
//     Mant[g] * 2^-Exp[i]: a mantissa below 2^15 per group and one exponent
//     (<= 62) per row, so a row's groups share one fixed-point format.
//   - Norm weights, biases: int32 Q16.16. RoPE tables: int32 Q2.30.
//   - Exp table: 2^(-i/256) for i = 0..256 in Q30. SiLU table: silu(x) for
//     x = -16 + i/64, i = 0..2048, in Q16.
//
// # The rounding rule
//
// Every narrowing step (right shift, division) rounds to nearest with ties
// away from zero: see RoundShift and RoundDiv. Where a division by d is
// replaced by a multiplication, the reciprocal is floor(2^k / d) (RMSNorm,
// softmax) and the product is narrowed by RoundShift. Integer overflow in
// adversarial models wraps (Go semantics, deterministic) and is saturated to
// int32 when stored.
//
// # Matrix-vector product
//
// The input vector is quantized once to int16 with a power-of-two scale:
// Shift = max(bits(max|x|) - 15, 0), q = RoundShift(x, Shift) (15
// significant bits, so activation quantization costs no accuracy that
// matters). Group g's dot product is exact (int32 for int8 weights, int64
// for int16), multiplied by Mant[g] and summed exactly in int64; the row
// result is RoundShift(sum, Exp[i] - Shift) (a left shift when negative),
// saturated: one rounding per output. Rows are independent, so they may be
// split across goroutines without changing a bit.
//
// # Precompile and gas
//
// precompile.go decodes the ABI of IInference.sol, prices a call from the
// model's dimensions and the token counts before anything runs (gas.go), and
// reverts with an Error(string) reason on every bad input. registry.go loads
// registered models from the node's model directory, checking each file's
// size and sha256; each block executes against an immutable snapshot.
package inference
