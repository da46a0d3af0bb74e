package testutil_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
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
	net := testutil.NewNetworkWith(t, 4, func(homes []string) error {
		for _, h := range homes {
			path := inference.ModelPath(filepath.Join(h, "models"), inference.ID(id))
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				return err
			}
			if err := os.WriteFile(path, file, 0o600); err != nil {
				return err
			}
		}
		return testutil.EditAppState(homes, func(g *app.GenesisState) {
			g.InferenceModels = []system.GenesisModel{{ID: id, Size: uint64(len(file)),
				GasBase: inference.DefaultGasParams.Base, GasPerPos: inference.DefaultGasParams.PerPosition,
				MACsPerGas: inference.DefaultGasParams.MACsPerGas}}
		})
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	clients := dialAll(t, net)
	waitHeight(t, ctx, clients[0], 1)

	artifact := loadArtifact(t, "Classifier")
	acc, err := devkeys.DevAccount(0)
	require.NoError(t, err)
	sender := testutil.NewSender(acc.Key, big.NewInt(31337), 0)
	feeCap, tip, err := testutil.Fees(ctx, clients[0])
	require.NoError(t, err)
	deploy := sender.Tx(nil, big.NewInt(0), 2_000_000, artifact.code, feeCap, tip)
	require.NoError(t, clients[0].SendTransaction(ctx, deploy))
	waitReceipts(t, ctx, clients[0], []*types.Transaction{deploy})
	contract := crypto.CreateAddress(acc.Address, 0)

	input := []int32{1 << 16, -(1 << 15), 3 << 14, 1 << 12}
	data, err := artifact.abi.Pack("classify", id, input)
	require.NoError(t, err)
	call := sender.Tx(&contract, big.NewInt(0), 3_000_000, data, feeCap, tip)
	require.NoError(t, clients[1].SendTransaction(ctx, call))
	waitReceipts(t, ctx, clients[2], []*types.Transaction{call})

	want, err := model.Infer(input)
	require.NoError(t, err)
	waitReceipts(t, ctx, clients[3], []*types.Transaction{call}) // every node, not just the one waited on
	receipt, err := clients[3].TransactionReceipt(ctx, call.Hash())
	require.NoError(t, err)
	require.Len(t, receipt.Logs, 1)
	out, err := artifact.abi.Unpack("Classified", receipt.Logs[0].Data)
	require.NoError(t, err)
	require.Equal(t, want.Logits, out[0].([]int32), "on-chain result equals a direct engine run")

	for _, c := range clients {
		waitHeight(t, ctx, c, receipt.BlockNumber.Uint64())
	}
	checkSameBlocks(t, ctx, clients, commonHeight(t, ctx, clients, receipt.BlockNumber.Uint64()))
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
