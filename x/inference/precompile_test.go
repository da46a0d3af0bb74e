package inference_test

import (
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

var testABI = func() abi.ABI {
	a, err := abi.JSON(stringsReader(inference.PrecompileABI))
	if err != nil {
		panic(err)
	}
	return a
}()

// registryWith writes the models into a directory and loads them.
func registryWith(t *testing.T, models ...*inference.Model) (*inference.RegistrySnapshot, []inference.ID) {
	dir := t.TempDir()
	var entries []inference.RegistryEntry
	for _, m := range models {
		file, err := inference.Encode(m)
		require.NoError(t, err)
		id := inference.ModelID(file)
		require.NoError(t, os.WriteFile(inference.ModelPath(dir, id), file, 0o600))
		entries = append(entries, inference.RegistryEntry{ID: id, Size: uint64(len(file)), Gas: inference.DefaultGasParams})
	}
	reg, err := inference.LoadRegistry(dir, entries)
	require.NoError(t, err)
	ids := make([]inference.ID, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	return reg.Snapshot(), ids
}

func TestLoadRegistryNamesMissingAndCorruptModels(t *testing.T) {
	dir := t.TempDir()
	file, err := inference.Encode(handMLP())
	require.NoError(t, err)
	good := inference.RegistryEntry{ID: inference.ModelID(file), Size: uint64(len(file)), Gas: inference.DefaultGasParams}
	require.NoError(t, os.WriteFile(inference.ModelPath(dir, good.ID), file, 0o600))
	missing := good
	missing.ID[0] ^= 1
	_, err = inference.LoadRegistry(dir, []inference.RegistryEntry{good, missing})
	require.ErrorIs(t, err, inference.ErrModelMissing)
	require.Contains(t, err.Error(), filepath.Base(inference.ModelPath(dir, missing.ID)))
	require.Contains(t, err.Error(), "1 of 2")

	corrupt := append([]byte(nil), file...)
	corrupt[len(corrupt)-1] ^= 1
	require.NoError(t, os.WriteFile(inference.ModelPath(dir, good.ID), corrupt, 0o600))
	_, err = inference.LoadRegistry(dir, []inference.RegistryEntry{good})
	require.ErrorIs(t, err, inference.ErrModelHashMismatch)

	require.NoError(t, os.WriteFile(inference.ModelPath(dir, good.ID), file[:10], 0o600))
	_, err = inference.LoadRegistry(dir, []inference.RegistryEntry{good})
	require.ErrorIs(t, err, inference.ErrModelSizeMismatch)

	reg, err := inference.LoadRegistry(dir, nil)
	require.NoError(t, err)
	require.ErrorIs(t, reg.Register(good, corrupt), inference.ErrModelHashMismatch)
	require.NoError(t, reg.Register(good, file))
	snap := reg.Snapshot()
	reg.Remove(good.ID)
	_, ok := snap.Lookup(good.ID)
	require.True(t, ok, "a snapshot does not change when the registry does")
	_, ok = reg.Snapshot().Lookup(good.ID)
	require.False(t, ok)
}

func pack(t *testing.T, method string, args ...interface{}) []byte {
	in, err := testABI.Pack(method, args...)
	require.NoError(t, err)
	return in
}

func TestPrecompileInferGenerateAndInfo(t *testing.T) {
	llama := syntheticLlama(5, shape260K, 32)
	snap, ids := registryWith(t, handMLP(), llama)
	p := inference.NewPrecompile(snap)

	in := pack(t, "infer", [32]byte(ids[0]), []int32{65536, 32768})
	out, err := p.Run(in)
	require.NoError(t, err)
	res, err := testABI.Unpack("infer", out)
	require.NoError(t, err)
	require.Equal(t, []int32{50800, 91136, -12600}, res[0])

	params := inference.GenerateParams{Prompt: []uint32{1, 20}, MaxNewTokens: 6, TemperatureQ16: 1 << 16, TopK: 8,
		Seed: 77, StopToken: inference.NoStopToken}
	in = pack(t, "generate", [32]byte(ids[1]), params.Prompt, params.MaxNewTokens, params.TemperatureQ16,
		params.TopK, params.Seed, params.StopToken)
	out, err = p.Run(in)
	require.NoError(t, err)
	res, err = testABI.Unpack("generate", out)
	require.NoError(t, err)
	direct, err := llama.Generate(params)
	require.NoError(t, err)
	require.Equal(t, direct.Tokens, res[0])
	require.Equal(t, direct.TraceRoot, res[1])

	// gas: prompt 2 + 6 new = 7 positions of dense work plus attention and sampling
	cfg := &llama.Llama.Config
	want := inference.DefaultGasParams.GenerateGas(cfg, 2, 6, 8, uint64((len(in)+31)/32)+6+4)
	require.Equal(t, want, p.RequiredGas(in))
	require.Greater(t, want, 7*cfg.DenseMACs()/inference.DefaultGasParams.MACsPerGas)

	out, err = p.Run(pack(t, "modelInfo", [32]byte(ids[1])))
	require.NoError(t, err)
	info, err := testABI.Unpack("modelInfo", out)
	require.NoError(t, err)
	require.Equal(t, uint8(inference.ArchLlama), info[0])
	require.Equal(t, uint32(64), info[1])
	require.Equal(t, uint32(512), info[6])
}

func TestPrecompileRevertsWithReasons(t *testing.T) {
	llama := syntheticLlama(5, shape260K, 32)
	snap, ids := registryWith(t, handMLP(), llama)
	p := inference.NewPrecompile(snap)
	var unknown [32]byte
	gen := func(prompt []uint32, maxNew, topK uint32) []byte {
		return pack(t, "generate", [32]byte(ids[1]), prompt, maxNew, uint32(1<<16), topK, uint64(1), inference.NoStopToken)
	}
	cases := []struct {
		in     []byte
		reason string
	}{
		{[]byte{1, 2}, "no selector"},
		{[]byte{1, 2, 3, 4}, "unknown selector"},
		{pack(t, "infer", [32]byte(ids[0]), []int32{1})[:40], "malformed call"},
		{pack(t, "infer", unknown, []int32{1, 2}), "not registered"},
		{pack(t, "infer", [32]byte(ids[0]), []int32{1, 2, 3}), "input length"},
		{pack(t, "infer", [32]byte(ids[1]), []int32{1, 2}), "needs an MLP"},
		{gen(nil, 1, 0), "empty prompt"},
		{gen([]uint32{512}, 1, 0), "token id out of range"},
		{gen([]uint32{1}, 128, 0), "context length"},
		{gen([]uint32{1}, 4, 65), "top-k"},
	}
	for i, c := range cases {
		out, err := p.Run(c.in)
		require.ErrorIs(t, err, vm.ErrExecutionReverted, "case %d", i)
		reason, uerr := abi.UnpackRevert(out)
		require.NoError(t, uerr, "case %d", i)
		require.Contains(t, reason, c.reason, "case %d", i)
		require.Equal(t, inference.DefaultGasParams.Base+3*uint64((len(c.in)+31)/32), p.RequiredGas(c.in), "case %d", i)
	}
}

func TestPrecompileCapsCallGas(t *testing.T) {
	wide := shape260K
	wide.SeqLen = 512
	wide.Vocab = 4096
	m := syntheticLlama(6, wide, 32)
	snap, ids := registryWith(t, m)
	p := inference.NewPrecompile(snap)
	in := pack(t, "generate", [32]byte(ids[0]), []uint32{1}, uint32(500), uint32(0), uint32(0), uint64(0), inference.NoStopToken)
	out, err := p.Run(in)
	require.ErrorIs(t, err, vm.ErrExecutionReverted)
	reason, _ := abi.UnpackRevert(out)
	require.Contains(t, reason, "per-call gas cap")
	require.Less(t, p.RequiredGas(in), uint64(10_000))
}

func TestPrecompileThroughEVM(t *testing.T) {
	llama := syntheticLlama(7, shape260K, 32)
	snap, ids := registryWith(t, llama)
	statedb, err := state.New(types.EmptyRootHash, state.NewDatabaseForTesting())
	require.NoError(t, err)
	blockCtx := vm.BlockContext{
		CanTransfer: func(vm.StateDB, common.Address, *uint256.Int) bool { return true },
		Transfer:    func(vm.StateDB, common.Address, common.Address, *uint256.Int, *params.Rules) {},
		GetHash:     func(uint64) common.Hash { return common.Hash{} },
		BlockNumber: big.NewInt(1), Time: 1, Random: &common.Hash{}, GasLimit: 30_000_000,
		BaseFee: big.NewInt(0), BlobBaseFee: big.NewInt(1),
	}
	evm := vm.NewEVM(blockCtx, statedb, params.MergedTestChainConfig, vm.Config{})
	pre := vm.ActivePrecompiledContracts(evm.ChainConfig().Rules(big.NewInt(1), true, 1))
	pre[inference.PrecompileAddress] = inference.NewPrecompile(snap)
	evm.SetPrecompiles(pre)

	in := pack(t, "generate", [32]byte(ids[0]), []uint32{1, 2, 3}, uint32(8), uint32(0), uint32(0), uint64(0), inference.NoStopToken)
	need := inference.NewPrecompile(snap).RequiredGas(in)
	caller := common.HexToAddress("0x1234")
	ret, left, err := evm.Call(caller, inference.PrecompileAddress, in, vm.NewGasBudget(need+1000, 0), uint256.NewInt(0))
	require.NoError(t, err)
	require.Equal(t, uint64(1000), left.ExecutionGas)
	res, err := testABI.Unpack("generate", ret)
	require.NoError(t, err)
	direct, err := llama.Generate(inference.GenerateParams{Prompt: []uint32{1, 2, 3}, MaxNewTokens: 8, StopToken: inference.NoStopToken})
	require.NoError(t, err)
	require.Equal(t, direct.Tokens, res[0])

	_, _, err = evm.Call(caller, inference.PrecompileAddress, in, vm.NewGasBudget(need-1, 0), uint256.NewInt(0))
	require.ErrorIs(t, err, vm.ErrOutOfGas)

	bad := pack(t, "generate", [32]byte(ids[0]), []uint32{9999}, uint32(8), uint32(0), uint32(0), uint64(0), inference.NoStopToken)
	ret, left, err = evm.Call(caller, inference.PrecompileAddress, bad, vm.NewGasBudget(100_000, 0), uint256.NewInt(0))
	require.ErrorIs(t, err, vm.ErrExecutionReverted)
	reason, err := abi.UnpackRevert(ret)
	require.NoError(t, err)
	require.Contains(t, reason, "token id out of range")
	require.Greater(t, left.ExecutionGas, uint64(90_000), "a revert returns the unused gas")
}
