package inference_test

import (
	"math/big"
	"os"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/inference"
)

type emptyStore struct{}

func (emptyStore) Get([]byte) ([]byte, error) { return nil, nil }

// heavyEntry writes m to dir with a large base cost, so a cheap model
// fills the block cap in a few calls.
func heavyEntry(t *testing.T, dir string, m *inference.Model, base uint64) inference.RegistryEntry {
	file, err := inference.Encode(m)
	require.NoError(t, err)
	id := inference.ModelID(file)
	require.NoError(t, os.WriteFile(inference.ModelPath(dir, id), file, 0o600))
	return inference.RegistryEntry{ID: id, Size: uint64(len(file)),
		Gas: inference.GasParams{Base: base, PerPosition: 1, MACsPerGas: 4}}
}

// newEVM returns an EVM over db with the node template's block instance.
func newEVM(t *testing.T, db *evm.StateDB, tmpl *inference.NodePrecompile) *vm.EVM {
	blockCtx := vm.BlockContext{
		CanTransfer: func(vm.StateDB, common.Address, *uint256.Int) bool { return true },
		Transfer:    func(vm.StateDB, common.Address, common.Address, *uint256.Int, *params.Rules) {},
		GetHash:     func(uint64) common.Hash { return common.Hash{} },
		BlockNumber: big.NewInt(1), Time: 1, Random: &common.Hash{}, GasLimit: 60_000_000,
		BaseFee: big.NewInt(0), BlobBaseFee: big.NewInt(1),
	}
	e := vm.NewEVM(blockCtx, db, params.MergedTestChainConfig, vm.Config{})
	inst, err := tmpl.ForBlock(db)
	require.NoError(t, err)
	pre := vm.ActivePrecompiledContracts(e.ChainConfig().Rules(big.NewInt(1), true, 1))
	pre[inference.PrecompileAddress] = inst
	e.SetPrecompiles(pre)
	return e
}

func TestBlockCapThroughEVM(t *testing.T) {
	dir := t.TempDir()
	e := heavyEntry(t, dir, handMLP(), 9_000_000)
	db := evm.NewStateDB(emptyStore{})
	require.NoError(t, inference.NewRegistryState(db).Register(e))
	tmpl := inference.NewNodePrecompile(dir, nil)
	in := pack(t, "infer", [32]byte(e.ID), []int32{65536, 32768})
	caller := common.HexToAddress("0x1234")

	block := newEVM(t, db, tmpl)
	call := func(v *vm.EVM) ([]byte, uint64, error) {
		ret, left, err := v.Call(caller, inference.PrecompileAddress, in, vm.NewGasBudget(16_000_000, 0), uint256.NewInt(0))
		return ret, 16_000_000 - left.ExecutionGas, err
	}
	var perCall uint64
	for i := 0; i < 3; i++ { // 3 * ~9M fit in 30M
		_, used, err := call(block)
		require.NoError(t, err, "call %d", i)
		perCall = used
	}
	require.Greater(t, perCall, uint64(9_000_000))
	ret, used, err := call(block)
	require.ErrorIs(t, err, vm.ErrExecutionReverted)
	reason, err := abi.UnpackRevert(ret)
	require.NoError(t, err)
	require.Contains(t, reason, "block's remaining inference gas")
	require.Less(t, used, uint64(10_000), "a call over the block cap costs only the failed-call price")

	// A new block (or an eth_call) gets a fresh meter.
	_, _, err = call(newEVM(t, db, tmpl))
	require.NoError(t, err)
}

func TestMeterCountsOnlySuccessfulCalls(t *testing.T) {
	m := inference.NewBlockMeter(100)
	require.True(t, m.Fits(100))
	m.Charge(60)
	require.False(t, m.Fits(41))
	require.True(t, m.Fits(40))
	require.Equal(t, uint64(40), m.Left())
}
