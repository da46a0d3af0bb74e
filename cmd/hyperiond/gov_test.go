package main

import (
	"encoding/json"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/x/gov"
	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/system"
)

func TestProposalFlags(t *testing.T) {
	kind, payload, err := proposalFlags{kind: "param-change", params: []string{"evm/block_gas_limit=80000000"}}.payload()
	require.NoError(t, err)
	require.Equal(t, gov.KindParams, kind)
	want, err := gov.EncodeParamChanges([]gov.ParamChange{{Module: "evm", Key: "block_gas_limit", Value: gov.EncodeUint(80_000_000)}})
	require.NoError(t, err)
	require.Equal(t, want, payload)
	for _, bad := range []string{"block_gas_limit=1", "evm/block_gas_limit", "evm/block_gas_limit=-1"} {
		_, _, err = proposalFlags{kind: "param-change", params: []string{bad}}.payload()
		require.ErrorIs(t, err, ErrParamFlag, bad)
	}
	_, _, err = proposalFlags{kind: "spend", to: "0x00000000000000000000000000000000000000aa", amount: "1.5"}.payload()
	require.NoError(t, err)
	_, _, err = proposalFlags{kind: "bogus"}.payload()
	require.ErrorIs(t, err, ErrProposalKind)
}

func TestDevStakingGenesisMatchesValidators(t *testing.T) {
	accs, err := devkeys.DevAccounts(2)
	require.NoError(t, err)
	var gvals []cmttypes.GenesisValidator
	var svals []system.Validator
	for i := 0; i < 3; i++ {
		pk := ed25519.GenPrivKeyFromSecret([]byte{byte(i)}).PubKey()
		gvals = append(gvals, cmttypes.GenesisValidator{Address: pk.Address(), PubKey: pk, Power: validatorPower})
		svals = append(svals, system.Validator{Address: pk.Address(), PubKey: pk.Bytes(), Power: validatorPower})
	}
	raw, err := devStakingGenesis(gvals, accs)
	require.NoError(t, err)
	set, err := system.NewValidatorSet(svals)
	require.NoError(t, err)
	appState, err := json.Marshal(map[string]json.RawMessage{"staking": raw})
	require.NoError(t, err)
	g, err := staking.ParseGenesis(appState, set)
	require.NoError(t, err)
	require.Equal(t, accs[1].Address, g.Validators[1].Operator, "validator i is bonded by dev account i")
	require.NotEqual(t, accs[0].Address, g.Validators[2].Operator, "beyond the dev accounts: a derived operator")
}
