package abci

import (
	"context"
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// scriptedModule changes the gas limit and adds a validator at one height.
type scriptedModule struct {
	at       int64
	gasLimit uint64
	newVal   ed25519.PubKey
	genesis  []store.Change
}

func (m *scriptedModule) Name() string { return "scripted" }

func (m *scriptedModule) InitGenesis([]byte, system.ValidatorSet) ([]store.Change, error) {
	return m.genesis, nil
}

func (m *scriptedModule) EndBlock(ctx *EndBlockContext) ([]abcitypes.ValidatorUpdate, error) {
	if ctx.Height != m.at {
		return nil, nil
	}
	ctx.Params.BlockGasLimit = m.gasLimit
	return []abcitypes.ValidatorUpdate{abcitypes.Ed25519ValidatorUpdate(m.newVal, 1)}, nil
}

func TestModuleParamsAndValidatorUpdates(t *testing.T) {
	mod := &scriptedModule{
		at: 3, gasLimit: 30_000_000,
		newVal:  ed25519.GenPrivKeyFromSecret([]byte("joiner")).PubKey().(ed25519.PubKey),
		genesis: []store.Change{{Key: []byte("mod/genesis"), Value: []byte{1}}},
	}
	h := newHarnessWith(t, mod)
	v, err := h.app.stateForBlock().Get([]byte("mod/genesis"))
	require.NoError(t, err)
	require.Equal(t, []byte{1}, v, "module genesis is in the genesis state")

	h.step()
	h.step()
	txs := h.prepare()
	require.Equal(t, abcitypes.ResponseProcessProposal_ACCEPT, h.process(txs))
	res := h.commit(txs) // height 3
	require.Len(t, res.ValidatorUpdates, 1)
	require.NotNil(t, res.ConsensusParamUpdates)
	require.Equal(t, int64(30_000_000), res.ConsensusParamUpdates.Block.MaxGas)
	require.Positive(t, res.ConsensusParamUpdates.Block.MaxBytes)

	require.Len(t, h.app.chain.sets.At(4).Validators, 1, "updates at 3 apply from 5")
	require.Len(t, h.app.chain.sets.At(5).Validators, 2)
	h.step()
	require.Equal(t, uint64(30_000_000), h.app.chain.lastHeader.GasLimit, "next block uses the new limit")

	// Both survive a restart.
	h.close()
	h.open()
	require.Len(t, h.app.chain.sets.At(5).Validators, 2)
	require.Equal(t, uint64(30_000_000), h.app.chain.params.BlockGasLimit)
	_, err = h.app.Info(context.Background(), &abcitypes.RequestInfo{})
	require.NoError(t, err)
}
