package system

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

func testParams() Params {
	return Params{EVMChainID: 7, BlockGasLimit: 30_000_000, InitialBaseFee: big.NewInt(1_000_000_000),
		VoteExtensionsEnableHeight: 1, BlockMaxBytes: 4 << 20, GenesisTime: 1_700_000_000}
}

func TestParamsOldEncodingMeansDefaults(t *testing.T) {
	old := []byte(`{"evm_chain_id":7,"block_gas_limit":30000000,"initial_base_fee":1000000000,` +
		`"vote_extensions_enable_height":1,"block_max_bytes":4194304,"genesis_time":1700000000}`)
	p, err := DecodeParams(old)
	require.NoError(t, err)
	require.True(t, p.Equal(testParams()))
	require.Equal(t, evm.DefaultBaseFeeParams(), p.BaseFee())
	require.Equal(t, old, p.Encode(), "default parameters keep their old encoding")

	p.BaseFeeChangeDenominator, p.ElasticityMultiplier, p.MinBaseFee = 16, 4, 7
	back, err := DecodeParams(p.Encode())
	require.NoError(t, err)
	require.True(t, back.Equal(p))
	require.Equal(t, evm.BaseFeeParams{ChangeDenominator: 16, ElasticityMultiplier: 4, MinBaseFee: 7}, back.BaseFee())
}

func TestParamsValidateBaseFeeChange(t *testing.T) {
	cur := testParams()
	ok := func(f func(*Params)) error { p := cur.Clone(); f(&p); return p.ValidateChange(cur) }
	require.NoError(t, ok(func(p *Params) { p.BaseFeeChangeDenominator = 1 }))
	require.NoError(t, ok(func(p *Params) { p.BaseFeeChangeDenominator = 1024 }))
	require.NoError(t, ok(func(p *Params) { p.ElasticityMultiplier = 1 }))
	require.NoError(t, ok(func(p *Params) { p.ElasticityMultiplier = 32 }))
	require.NoError(t, ok(func(p *Params) { p.MinBaseFee = MaxMinBaseFee }))
	require.Error(t, ok(func(p *Params) { p.BaseFeeChangeDenominator = 1025 }))
	require.Error(t, ok(func(p *Params) { p.ElasticityMultiplier = 33 }))
	require.Error(t, ok(func(p *Params) { p.MinBaseFee = MaxMinBaseFee + 1 }))
	require.Error(t, ok(func(p *Params) { p.EVMChainID++ }))

	set := cur.Clone()
	set.BaseFeeChangeDenominator = 8
	require.False(t, set.Equal(cur))
	back := cur.Clone()
	require.Error(t, back.ValidateChange(set), "a set denominator cannot go back to 0")
}

func TestParamsCloneIsDeep(t *testing.T) {
	p := testParams()
	c := p.Clone()
	c.InitialBaseFee.SetUint64(1)
	require.Equal(t, int64(1_000_000_000), p.InitialBaseFee.Int64())
}
