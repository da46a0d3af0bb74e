package main

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// ErrInvalidAmount is returned for a malformed or out-of-range amount.
var ErrInvalidAmount = errors.New("invalid amount")

// Decimals of the units amounts are written in.
const (
	tokenDecimals = 18 // 1 native token = 10^18 wei
	gweiDecimals  = 9  // 1 gwei = 10^9 wei
	maxAmountLen  = 96 // longest amount string accepted
)

// maxWei bounds every amount: it must fit in a uint256.
var maxWei = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// parseTokenAmount parses a value in native tokens: a decimal with at most 18
// fractional digits ("1.5" = 1.5×10^18 wei), or an integer with the suffix
// "wei" ("21000wei").
func parseTokenAmount(s string) (*big.Int, error) {
	s = strings.TrimSpace(s)
	if digits, ok := strings.CutSuffix(s, "wei"); ok {
		return parseUnits(strings.TrimSpace(digits), 0)
	}
	return parseUnits(s, tokenDecimals)
}

// parseFeeAmount parses a per-gas fee: an integer in wei, optionally with the
// suffix "wei", or a decimal with the suffix "gwei" ("1.5gwei").
func parseFeeAmount(s string) (*big.Int, error) {
	s = strings.TrimSpace(s)
	if digits, ok := strings.CutSuffix(s, "gwei"); ok {
		return parseUnits(strings.TrimSpace(digits), gweiDecimals)
	}
	s = strings.TrimSuffix(s, "wei")
	return parseUnits(strings.TrimSpace(s), 0)
}

// parseUnits parses a non-negative decimal with at most `decimals` fractional
// digits and returns it times 10^decimals.
func parseUnits(s string, decimals int) (*big.Int, error) {
	if s == "" || len(s) > maxAmountLen {
		return nil, fmt.Errorf("%w: %q", ErrInvalidAmount, s)
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) || (hasDot && (frac == "" || !allDigits(frac))) {
		return nil, fmt.Errorf("%w: %q is not a non-negative decimal number", ErrInvalidAmount, s)
	}
	if len(frac) > decimals {
		if decimals == 0 {
			return nil, fmt.Errorf("%w: %q: wei amounts are integers", ErrInvalidAmount, s)
		}
		return nil, fmt.Errorf("%w: %q has more than %d decimals", ErrInvalidAmount, s, decimals)
	}
	digits := whole + frac + strings.Repeat("0", decimals-len(frac))
	v, ok := new(big.Int).SetString(digits, 10)
	if !ok || v.Cmp(maxWei) > 0 {
		return nil, fmt.Errorf("%w: %q is out of range", ErrInvalidAmount, s)
	}
	return v, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// formatTokens renders wei as native tokens with up to 18 decimals ("1.5").
func formatTokens(wei *big.Int) string {
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(tokenDecimals), nil)
	q, r := new(big.Int).QuoRem(wei, unit, new(big.Int))
	if r.Sign() == 0 {
		return q.String()
	}
	frac := fmt.Sprintf("%018s", r.String())
	return q.String() + "." + strings.TrimRight(frac, "0")
}
