// Package tenc implements the cryptography of Hyperion's threshold-encrypted
// mempool on BLS12-381 (gnark-crypto):
//
//   - threshold Boneh–Franklin identity-based encryption in the style of
//     Shutter: the eon public key lives in G2, identities are hashed to G1
//     (RFC 9380, our own domain separation tag), decryption keys and key shares
//     are G1 points, and a Fujisaki–Okamoto re-encryption check on decryption
//     makes the scheme CCA-secure;
//   - per-share verification by pairing, Lagrange combination of t shares and
//     batched verification of many shares or keys with one multi-pairing under
//     random linear coefficients;
//   - Feldman VSS building blocks for an in-chain DKG: dealings whose shares are
//     ECIES-encrypted to each member's secp256k1 DKG key, dealing verification,
//     publicly verifiable complaints and aggregation of the qualified dealings;
//   - fixed, length-checked binary encodings for every type that crosses the
//     wire. Decoders reject non-canonical points, points off the curve or
//     outside the prime-order subgroup, and the point at infinity.
//
// Members of a committee are numbered 0..n-1; member i holds the evaluation of
// the shared polynomial at x = i+1.
package tenc
