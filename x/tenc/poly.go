package tenc

import "github.com/consensys/gnark-crypto/ecc/bls12-381/fr"

// evalPoly evaluates Σ coeffs[k]·x^k by Horner's rule.
func evalPoly(coeffs []fr.Element, x fr.Element) fr.Element {
	var acc fr.Element
	for k := len(coeffs) - 1; k >= 0; k-- {
		acc.Mul(&acc, &x)
		acc.Add(&acc, &coeffs[k])
	}
	return acc
}
