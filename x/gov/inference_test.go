package gov

import (
	"os"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/inference"
	"github.com/hyperion-rollup/hyperion/x/inference/convert"
	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/staking/stakingtest"
)

// identityMLP is a 2 -> 2 network (weights 1.0 on the diagonal).
func identityMLP() *inference.Model {
	w := inference.QMatrix{Rows: 2, Cols: 2, GroupSize: 32, Bits: 8, W8: []int8{64, 0, 0, 64},
		Mant: []uint16{1 << 14, 1 << 14}, Exp: []uint8{20, 20}}
	return &inference.Model{Arch: inference.ArchMLP, GroupSize: 32, Tables: convert.Tables(), MLP: &inference.MLP{
		InputDim: 2, Layers: []inference.DenseLayer{{W: w, Bias: []int32{0, 0}, Act: inference.ActNone}}}}
}

func newInferenceChain(t *testing.T) *stakingtest.Chain {
	sp := staking.DefaultParams()
	gp := DefaultParams()
	gp.DepositPeriod, gp.VotingPeriod = 5, 5
	return stakingtest.New(t, 3, 6, func(c *stakingtest.Chain) map[string]any {
		var vals []staking.GenesisValidator
		for i, ck := range c.ConsKeys {
			vals = append(vals, staking.GenesisValidator{Operator: c.Addrs[i], ConsensusPubKey: ck.PubKey().Bytes(),
				SelfBond: tokens(100).Dec()})
		}
		return map[string]any{"block_gas_limit": c.Params.BlockGasLimit,
			"staking": staking.GenesisState{Params: &sp, Validators: vals}, "gov": GenesisState{Params: &gp}}
	}, staking.NewModule(), NewModule(), inference.NewModule())
}

func registryProposal(t *testing.T, key string, e inference.RegistryEntry) []byte {
	payload, err := EncodeParamChanges([]ParamChange{{Module: inference.GovModule, Key: key, Value: inference.EncodeRegistration(e)}})
	require.NoError(t, err)
	return pack(t, "submitProposal", KindParams, payload, key+" a model")
}

func TestGovRegistersAndRemovesInferenceModel(t *testing.T) {
	dir := t.TempDir()
	file, err := inference.Encode(identityMLP())
	require.NoError(t, err)
	e := inference.RegistryEntry{ID: inference.ModelID(file), Size: uint64(len(file)), Gas: inference.DefaultGasParams}
	require.NoError(t, os.WriteFile(inference.ModelPath(dir, e.ID), file, 0o600))
	node := inference.NewNodePrecompile(dir, nil)

	c := newInferenceChain(t)
	registry := func() []inference.RegistryEntry { return inference.NewRegistryState(evm.NewStateDB(c.Store)).Entries() }
	require.Empty(t, registry())
	c.Block(c.Tx(4, GovAddress, tokens(100).ToBig(), registryProposal(t, inference.GovKeyRegister, e)))
	require.Equal(t, StatusPassed, voteAndClose(t, c, 1, map[int]uint8{0: 1, 1: 1, 2: 1}).Status)
	require.Equal(t, []inference.RegistryEntry{e}, registry(), "registered from the next block on")

	// The next block's precompile instance, built from committed state, runs it.
	db := evm.NewStateDB(c.Store)
	inst, err := node.ForBlock(db)
	require.NoError(t, err)
	pabi, err := abi.JSON(strings.NewReader(inference.PrecompileABI))
	require.NoError(t, err)
	in, err := pabi.Pack("infer", [32]byte(e.ID), []int32{1 << 16, 1 << 15})
	require.NoError(t, err)
	_, err = inst.Run(in)
	require.NoError(t, err)
	// A node without the file halts with a clear error instead of diverging.
	_, err = inference.NewNodePrecompile(t.TempDir(), nil).ForBlock(db)
	require.ErrorIs(t, err, inference.ErrModelMissing)

	c.Block(c.Tx(4, GovAddress, tokens(100).ToBig(), registryProposal(t, inference.GovKeyRemove, e)))
	require.Equal(t, StatusPassed, voteAndClose(t, c, 2, map[int]uint8{0: 1, 1: 1, 2: 1}).Status)
	require.Empty(t, registry())

	// Removing it again fails the proposal without touching the registry.
	c.Block(c.Tx(4, GovAddress, tokens(100).ToBig(), registryProposal(t, inference.GovKeyRemove, e)))
	require.Equal(t, StatusFailed, voteAndClose(t, c, 3, map[int]uint8{0: 1, 1: 1, 2: 1}).Status)
}
