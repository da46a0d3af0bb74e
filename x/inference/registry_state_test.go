package inference_test

import (
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/inference"
	"github.com/hyperion-rollup/hyperion/x/system"
)

func TestGovRegistrationChangesNextBlocksRegistry(t *testing.T) {
	dir := t.TempDir()
	e := heavyEntry(t, dir, handMLP(), 2000)
	got, err := inference.DecodeRegistration(inference.EncodeRegistration(e))
	require.NoError(t, err)
	require.Equal(t, e, got)

	db := evm.NewStateDB(emptyStore{})
	tmpl := inference.NewNodePrecompile(dir, nil)
	in := pack(t, "infer", [32]byte(e.ID), []int32{65536, 32768})
	caller := common.HexToAddress("0x1234")
	callOnce := func() error {
		_, _, err := newEVM(t, db, tmpl).Call(caller, inference.PrecompileAddress, in, vm.NewGasBudget(1_000_000, 0), uint256.NewInt(0))
		return err
	}
	require.ErrorIs(t, callOnce(), vm.ErrExecutionReverted, "not registered yet")

	require.NoError(t, inference.ApplyGovChange(db, inference.GovKeyRegister, inference.EncodeRegistration(e)))
	require.ErrorIs(t, inference.ApplyGovChange(db, inference.GovKeyRegister, inference.EncodeRegistration(e)), inference.ErrAlreadyRegistered)
	require.Equal(t, []inference.RegistryEntry{e}, inference.NewRegistryState(db).Entries())
	require.NoError(t, callOnce())

	require.NoError(t, inference.ApplyGovChange(db, inference.GovKeyRemove, inference.EncodeRegistration(e)))
	require.Empty(t, inference.NewRegistryState(db).Entries())
	require.ErrorIs(t, callOnce(), vm.ErrExecutionReverted)
	require.ErrorIs(t, inference.ApplyGovChange(db, inference.GovKeyRemove, inference.EncodeRegistration(e)), inference.ErrModelNotFound)

	bad := e
	bad.Gas.MACsPerGas = 0
	require.ErrorIs(t, inference.ApplyGovChange(db, inference.GovKeyRegister, inference.EncodeRegistration(bad)), inference.ErrBadRegistryEntry)
	require.ErrorIs(t, inference.ApplyGovChange(db, inference.GovKeyRegister, []byte{1, 2}), inference.ErrBadRegistration)
}

func TestNodeMissingRegisteredModelHalts(t *testing.T) {
	dir := t.TempDir()
	e := heavyEntry(t, dir, handMLP(), 2000)
	db := evm.NewStateDB(emptyStore{})
	require.NoError(t, inference.NewRegistryState(db).Register(e))
	other := inference.NewNodePrecompile(t.TempDir(), nil) // a node without the file
	_, err := other.ForBlock(db)
	require.ErrorIs(t, err, inference.ErrModelMissing)
	require.Contains(t, err.Error(), inference.ModelPath("", e.ID)[1:])

	_, err = inference.NewNodePrecompile(dir, nil).ForBlock(db)
	require.NoError(t, err)
	out, _ := inference.NewNodePrecompile(dir, nil).Run(nil)
	reason, _ := abi.UnpackRevert(out)
	require.Contains(t, reason, "template")
}

func TestModuleGenesisSeedsRegistry(t *testing.T) {
	changes, err := inference.NewModule().InitGenesis([]byte(`{"inference_models":[{"id":"0x0101010101010101010101010101010101010101010101010101010101010101","size":10,"gas_base":1,"gas_per_position":2,"macs_per_gas":3}]}`), system.ValidatorSet{})
	require.NoError(t, err)
	require.NotEmpty(t, changes)
	_, err = inference.NewModule().InitGenesis([]byte(`{"inference_models":[{"size":10}]}`), system.ValidatorSet{})
	require.ErrorIs(t, err, inference.ErrBadRegistryEntry)
}
