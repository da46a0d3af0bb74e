package evm

import (
	"math/big"
	"math/rand"
	"testing"

	"github.com/ethereum/go-ethereum/consensus/misc/eip1559"
	"github.com/ethereum/go-ethereum/core/types"
)

func randomParent(r *rand.Rand) *types.Header {
	limit := uint64(r.Int63n(1 << 40))
	if r.Intn(8) == 0 {
		limit = uint64(r.Intn(100)) + 2 // tiny limits: target of 1 or more
	}
	used := uint64(r.Int63n(int64(limit) + 1))
	switch r.Intn(6) {
	case 0:
		used = limit / 2 // exactly on target
	case 1:
		used = 0
	case 2:
		used = limit
	}
	fee := new(big.Int).Rand(r, new(big.Int).Lsh(big.NewInt(1), uint(r.Intn(200)+1)))
	return &types.Header{Number: big.NewInt(r.Int63n(1 << 30)), GasLimit: limit, GasUsed: used, BaseFee: fee}
}

func TestNextBaseFeeWithMatchesGeth(t *testing.T) {
	cfg := ChainConfig(1)
	r := rand.New(rand.NewSource(1559))
	n := 20000
	if testing.Short() {
		n = 5000
	}
	for i := 0; i < n; i++ {
		parent := randomParent(r)
		want := eip1559.CalcBaseFee(cfg, parent)
		got := NextBaseFeeWith(parent, DefaultBaseFeeParams())
		if got.Cmp(want) != 0 {
			t.Fatalf("parent limit %d used %d fee %s: got %s, geth %s",
				parent.GasLimit, parent.GasUsed, parent.BaseFee, got, want)
		}
		if got == parent.BaseFee {
			t.Fatal("result aliases the parent's base fee")
		}
	}
}

func TestNextBaseFeeWithSettings(t *testing.T) {
	gwei := big.NewInt(1_000_000_000)
	full := &types.Header{GasLimit: 30_000_000, GasUsed: 30_000_000, BaseFee: gwei}
	empty := &types.Header{GasLimit: 30_000_000, GasUsed: 0, BaseFee: gwei}
	cases := []struct {
		name   string
		parent *types.Header
		p      BaseFeeParams
		want   int64
	}{
		{"default full", full, DefaultBaseFeeParams(), 1_125_000_000},
		{"denominator 4 full", full, BaseFeeParams{ChangeDenominator: 4, ElasticityMultiplier: 2}, 1_250_000_000},
		{"elasticity 4 full", full, BaseFeeParams{ChangeDenominator: 8, ElasticityMultiplier: 4}, 1_375_000_000},
		{"default empty", empty, DefaultBaseFeeParams(), 875_000_000},
		{"floor", empty, BaseFeeParams{ChangeDenominator: 8, ElasticityMultiplier: 2, MinBaseFee: 900_000_000}, 900_000_000},
		{"denominator 1 empty", empty, BaseFeeParams{ChangeDenominator: 1, ElasticityMultiplier: 2}, 0},
		{"zero target", &types.Header{GasLimit: 1, GasUsed: 1, BaseFee: gwei}, DefaultBaseFeeParams(), 1_000_000_000},
		{"zero fee rises", &types.Header{GasLimit: 10, GasUsed: 10, BaseFee: new(big.Int)}, DefaultBaseFeeParams(), 1},
	}
	for _, c := range cases {
		if got := NextBaseFeeWith(c.parent, c.p); got.Cmp(big.NewInt(c.want)) != 0 {
			t.Errorf("%s: got %s, want %d", c.name, got, c.want)
		}
	}
}
