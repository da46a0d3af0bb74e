// Package inference is Hyperion's integer-only inference engine.
//
// Every validator re-executes inference inside block execution, so the engine
// must give the same bits on every machine and GOARCH. It therefore uses no
// floating point at all (a test parses this package and rejects float types,
// float constants and package math): weights are int8, scales are integers,
// activations are int32 fixed point, and every non-linear function comes from
// a lookup table stored inside the (hashed) model file.
//
// # Number formats
//
//   - Activations: int32 in Q16.16 (real value = v / 2^16), saturated to the
//     int32 range whenever an int64 intermediate is narrowed.
//   - Weights: int8 in [-127, 127], in groups of GroupSize (from the file
//     header) along each row; the last group of a row may be shorter. Each
//     group has a scale mant * 2^-exp with mant < 2^15 and exp <= 62.
//   - Norm weights, biases: int32 Q16.16. RoPE tables: int32 Q2.30.
//   - Exp table: 2^(-i/256) for i = 0..256 in Q30. SiLU table: silu(x) for
//     x = -16 + i/64, i = 0..2048, in Q16.
//
// # The rounding rule
//
// Every narrowing step (right shift, division) rounds to nearest with ties
// away from zero: see RoundShift and RoundDiv. Nothing else rounds. Integer
// overflow in adversarial models wraps (Go semantics, deterministic) and is
// saturated to int32 when stored.
//
// # Matrix-vector product
//
// The input vector is quantized per group to int8 with a per-group scale
// A' = a * 2^r (a <= 2^16, A' >= max|x|), q = RoundDiv(127*x, A'). A group's
// int32 dot product is rescaled by mant*a and shifted into a common int64
// accumulator with 8 extra fractional bits; the row result is one RoundDiv by
// 127 * 2^8. Rows are independent, so they may be split across goroutines
// without changing a bit.
package inference
