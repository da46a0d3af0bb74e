package main

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
)

func bigFrom(t *testing.T, s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	require.True(t, ok)
	return v
}

func TestParseTokenAmount(t *testing.T) {
	ok := map[string]string{
		"1.5":                  "1500000000000000000",
		"0":                    "0",
		"10000":                "10000000000000000000000",
		"0.000000000000000001": "1",
		"1.000000000000000000": "1000000000000000000",
		"21000wei":             "21000",
		" 7 wei ":              "7",
		"0wei":                 "0",
		"123456789.123456789":  "123456789123456789000000000",
		"00012.5":              "12500000000000000000",
	}
	for in, want := range ok {
		got, err := parseTokenAmount(in)
		require.NoError(t, err, in)
		require.Equal(t, bigFrom(t, want), got, in)
	}
	bad := []string{"", "1.", ".5", "-1", "+1", "1e18", "0x10", "1.0000000000000000001", "1.5wei",
		"abc", "1,5", "1 000", "wei", "1.2.3", "1000000000000000000000000000000000000000000000000000000000000",
		"1157920892373161954235709850086879078532699846656405640394575840079131296399360"}
	for _, in := range bad {
		_, err := parseTokenAmount(in)
		require.ErrorIs(t, err, ErrInvalidAmount, in)
	}
	// uint256 max is accepted in wei, one more is not.
	max := "115792089237316195423570985008687907853269984665640564039457584007913129639935"
	got, err := parseTokenAmount(max + "wei")
	require.NoError(t, err)
	require.Equal(t, maxWei, got)
	_, err = parseTokenAmount("115792089237316195423570985008687907853269984665640564039457584007913129639936wei")
	require.ErrorIs(t, err, ErrInvalidAmount)
}

func TestParseFeeAmount(t *testing.T) {
	for in, want := range map[string]string{"1gwei": "1000000000", "1.5gwei": "1500000000",
		"0.000000001gwei": "1", "42": "42", "42wei": "42"} {
		got, err := parseFeeAmount(in)
		require.NoError(t, err, in)
		require.Equal(t, bigFrom(t, want), got, in)
	}
	for _, in := range []string{"1.5", "0.0000000001gwei", "gwei", "-1gwei", "1eth"} {
		_, err := parseFeeAmount(in)
		require.ErrorIs(t, err, ErrInvalidAmount, in)
	}
}

func TestFormatTokens(t *testing.T) {
	require.Equal(t, "1.5", formatTokens(bigFrom(t, "1500000000000000000")))
	require.Equal(t, "10000", formatTokens(devAccountBalance))
	require.Equal(t, "0.000000000000000001", formatTokens(big.NewInt(1)))
	for _, s := range []string{"1.5", "0.000000000000000001", "123.456"} {
		v, err := parseTokenAmount(s)
		require.NoError(t, err)
		require.Equal(t, s, formatTokens(v))
	}
}
