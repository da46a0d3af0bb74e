package gov

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/staking/stakingtest"
)

func evmParamProposal(t *testing.T, changes ...ParamChange) []byte {
	payload, err := EncodeParamChanges(changes)
	require.NoError(t, err)
	return pack(t, "submitProposal", KindParams, payload, "change the base-fee settings")
}

func paramView(t *testing.T, c *stakingtest.Chain, module, key string) uint64 {
	out, err := c.Call(GovAddress, pack(t, "param", module, key))
	require.NoError(t, err)
	res, err := ABI.Unpack("param", out)
	require.NoError(t, err)
	return new(big.Int).SetBytes(res[0].([]byte)).Uint64()
}

func TestBaseFeeSettingsPass(t *testing.T) {
	c := newChain(t)
	require.Equal(t, uint64(8), paramView(t, c, "evm", evmBaseFeeDenominatorKey), "genesis view: the default")
	require.Equal(t, uint64(2), paramView(t, c, "evm", evmElasticityKey))
	c.Block(c.Tx(4, GovAddress, tokens(100).ToBig(), evmParamProposal(t,
		ParamChange{Module: "evm", Key: evmBaseFeeDenominatorKey, Value: EncodeUint(16)},
		ParamChange{Module: "evm", Key: evmElasticityKey, Value: EncodeUint(4)},
		ParamChange{Module: "evm", Key: evmMinBaseFeeKey, Value: EncodeUint(7)})))
	p := voteAndClose(t, c, 1, map[int]uint8{0: 1, 1: 1, 2: 2})
	require.Equal(t, StatusPassed, p.Status)
	want := evm.BaseFeeParams{ChangeDenominator: 16, ElasticityMultiplier: 4, MinBaseFee: 7}
	require.Equal(t, want, c.Params.BaseFee(), "the next block uses the new settings")
	require.Equal(t, uint64(30_000_000), c.Params.BlockGasLimit)
	require.Equal(t, uint64(16), paramView(t, c, "evm", evmBaseFeeDenominatorKey))
	require.Equal(t, uint64(4), paramView(t, c, "evm", evmElasticityKey))
	require.Equal(t, uint64(7), paramView(t, c, "evm", evmMinBaseFeeKey))
	full := &types.Header{GasLimit: 30_000_000, GasUsed: 30_000_000, BaseFee: big.NewInt(1_600_000_000)}
	// target 7.5M, delta 22.5M: 1.6 gwei * 3 / 16 = 0.3 gwei
	require.Equal(t, big.NewInt(1_900_000_000), evm.NextBaseFeeWith(full, c.Params.BaseFee()))
}

func TestBaseFeeSettingsOutOfBoundsFail(t *testing.T) {
	for _, ch := range []ParamChange{
		{Module: "evm", Key: evmBaseFeeDenominatorKey, Value: EncodeUint(1025)},
		{Module: "evm", Key: evmBaseFeeDenominatorKey, Value: EncodeUint(0)},
		{Module: "evm", Key: evmElasticityKey, Value: EncodeUint(33)},
		{Module: "evm", Key: evmMinBaseFeeKey, Value: EncodeUint(1_000_000_000_000_001)},
	} {
		c := newChain(t)
		c.Block(c.Tx(4, GovAddress, tokens(100).ToBig(), evmParamProposal(t, ch)))
		p := voteAndClose(t, c, 1, map[int]uint8{0: 1, 1: 1, 2: 1})
		require.Equal(t, StatusFailed, p.Status, ch.Key)
		require.Equal(t, evm.DefaultBaseFeeParams(), c.Params.BaseFee(), ch.Key)
		require.Equal(t, uint64(8), paramView(t, c, "evm", evmBaseFeeDenominatorKey))
	}
}
