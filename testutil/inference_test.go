package testutil_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/inference"
	"github.com/hyperion-rollup/hyperion/x/inference/convert"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// testClassifier is a 4-input, 3-class MLP quantized by the converter.
func testClassifier(t *testing.T) (*inference.Model, []byte) {
	f := &convert.FloatMLP{In: 4, Layers: []convert.FloatDense{
		{Out: 5, ReLU: true, W: []float32{
			0.5, -0.2, 0.1, 0.9, -0.3, 0.8, 0.2, -0.1, 0.7, 0.1, -0.6, 0.3, 0.2, 0.2, 0.2, 0.2, -0.9, 0.4, 0.6, 0.1,
		}, B: []float32{0.1, 0, -0.1, 0.05, 0}},
		{Out: 3, W: []float32{
			1, -1, 0.5, 0.2, 0.3, -0.4, 0.9, 0.1, -0.2, 0.6, 0.2, 0.3, 0.4, -0.8, 1.1,
		}, B: []float32{0, 0.1, -0.1}},
	}}
	model, err := f.Quantize(32)
	require.NoError(t, err)
	file, err := inference.Encode(model)
	require.NoError(t, err)
	return model, file
}

// TestInferencePrecompileOnNetwork deploys a Solidity contract that calls the
// inference precompile on 4 validators: every node agrees and the on-chain
// result equals a direct engine run.
func TestInferencePrecompileOnNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	model, file := testClassifier(t)
	id := sha256.Sum256(file)
	net := startModelNetwork(t, file, func(g *app.GenesisState) {
		g.InferenceModels = []system.GenesisModel{{ID: id, Size: uint64(len(file)),
			GasBase: inference.DefaultGasParams.Base, GasPerPos: inference.DefaultGasParams.PerPosition,
			MACsPerGas: inference.DefaultGasParams.MACsPerGas}}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	clients := dialAll(t, net)
	waitHeight(t, ctx, clients[0], 1)

	input := []int32{1 << 16, -(1 << 15), 3 << 14, 1 << 12}
	want, err := model.Infer(input)
	require.NoError(t, err)
	receipt := classifyByContract(t, ctx, clients, 0, id, input, want.Logits)

	for _, c := range clients {
		waitHeight(t, ctx, c, receipt.BlockNumber.Uint64())
	}
	checkSameBlocks(t, ctx, clients, commonHeight(t, ctx, clients, receipt.BlockNumber.Uint64()))
}

// startModelNetwork starts 4 validators that each hold the model file in
// their model directory, with genesis edited by edit.
func startModelNetwork(t *testing.T, file []byte, edit func(*app.GenesisState)) *testutil.Network {
	return testutil.NewNetworkWith(t, 4, func(homes []string) error {
		if err := writeModelFiles(homes, file); err != nil {
			return err
		}
		return testutil.EditAppState(homes, edit)
	})
}

type contractArtifact struct {
	abi  abi.ABI
	code []byte
}

func loadArtifact(t *testing.T, name string) contractArtifact {
	raw, err := os.ReadFile(filepath.Join("contracts", name+".json"))
	require.NoError(t, err)
	var art struct {
		ABI      json.RawMessage `json:"abi"`
		Bytecode string          `json:"bytecode"`
	}
	require.NoError(t, json.Unmarshal(raw, &art))
	parsed, err := abi.JSON(strings.NewReader(string(art.ABI)))
	require.NoError(t, err)
	return contractArtifact{abi: parsed, code: common.FromHex(art.Bytecode)}
}
