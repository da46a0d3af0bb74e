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

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/gov"
	"github.com/hyperion-rollup/hyperion/x/inference"
)

// govVotingPeriod is the voting period (blocks) of the governance network.
const govVotingPeriod = 4

// TestInferenceModelRegisteredByGovernance: on 4 validators, a model that is
// not in genesis (every node holds its file) is registered by a governance
// parameter change. Before the proposal passes the precompile rejects it;
// afterwards an eth_call to 0x…0810 and a contract transaction both return
// what a direct engine run returns, and every node has the same blocks and
// state roots.
func TestInferenceModelRegisteredByGovernance(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	model, file := testClassifier(t)
	id := sha256.Sum256(file)
	net := startModelNetwork(t, file, func(g *app.GenesisState) {
		g.InferenceModels = nil
		g.Gov = shortVotingGenesis()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	clients := dialAll(t, net)
	waitHeight(t, ctx, clients[0], 1)

	pabi, err := abi.JSON(strings.NewReader(inference.PrecompileABI))
	require.NoError(t, err)
	input := []int32{1 << 16, -(1 << 15), 3 << 14, 1 << 12}
	call, err := pabi.Pack("infer", id, input)
	require.NoError(t, err)
	_, err = clients[1].CallContract(ctx, ethereum.CallMsg{To: &inference.PrecompileAddress, Data: call, Gas: 3_000_000}, nil)
	require.Error(t, err, "an unregistered model must be rejected")

	entry := inference.RegistryEntry{ID: id, Size: uint64(len(file)), Gas: inference.DefaultGasParams}
	passed := registerByGovernance(t, ctx, clients[0], entry)
	for _, c := range clients {
		waitHeight(t, ctx, c, passed+1)
	}

	want, err := model.Infer(input)
	require.NoError(t, err)
	for i, c := range clients { // every node's precompile serves it
		out, err := c.CallContract(ctx, ethereum.CallMsg{To: &inference.PrecompileAddress, Data: call, Gas: 3_000_000}, nil)
		require.NoError(t, err, "node %d", i)
		res, err := pabi.Unpack("infer", out)
		require.NoError(t, err)
		require.Equal(t, want.Logits, res[0].([]int32), "node %d: eth_call equals a direct engine run", i)
	}
	receipt := classifyByContract(t, ctx, clients, 6, id, input, want.Logits)
	for _, c := range clients {
		waitHeight(t, ctx, c, receipt.BlockNumber.Uint64())
	}
	checkSameBlocks(t, ctx, clients, commonHeight(t, ctx, clients, receipt.BlockNumber.Uint64()))
}

// writeModelFiles puts the model file into every node's model directory.
func writeModelFiles(homes []string, file []byte) error {
	for _, h := range homes {
		path := inference.ModelPath(filepath.Join(h, "models"), inference.ModelID(file))
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(path, file, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// shortVotingGenesis is the gov section: 100-token deposit, a voting period
// of govVotingPeriod blocks, a third of the stake for quorum, a majority.
func shortVotingGenesis() json.RawMessage {
	p := map[string]any{"params": map[string]any{"min_deposit": "100000000000000000000", "deposit_period": 100,
		"voting_period": govVotingPeriod, "quorum_bps": 3340, "threshold_bps": 5000, "veto_bps": 3340}}
	raw, _ := json.Marshal(p)
	return raw
}

// registerByGovernance submits the registration as proposal 1 (dev account
// 5 deposits), has the operators of validators 0-2 vote yes and waits until
// it has passed; it returns the proposal's last voting block.
func registerByGovernance(t *testing.T, ctx context.Context, c *ethclient.Client, e inference.RegistryEntry) uint64 {
	payload, err := gov.EncodeParamChanges([]gov.ParamChange{{Module: inference.GovModule, Key: inference.GovKeyRegister,
		Value: inference.EncodeRegistration(e)}})
	require.NoError(t, err)
	feeCap, tip, err := testutil.Fees(ctx, c)
	require.NoError(t, err)
	deposit := new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))
	txs := []*types.Transaction{govTx(t, 5, deposit, feeCap, tip, "submitProposal", gov.KindParams, payload, "register a model")}
	require.NoError(t, c.SendTransaction(ctx, txs[0]))
	waitReceipts(t, ctx, c, txs)
	for v := 0; v < 3; v++ {
		tx := govTx(t, v, nil, feeCap, tip, "vote", uint64(1), uint8(1))
		require.NoError(t, c.SendTransaction(ctx, tx))
		txs = append(txs, tx)
	}
	waitReceipts(t, ctx, c, txs[1:])
	var status uint8
	var end uint64
	ok := testutil.WaitFor(40*time.Second, func() bool {
		status, end = proposalStatus(ctx, c, 1)
		return status == gov.StatusPassed
	})
	require.True(t, ok, "proposal did not pass (status %d)", status)
	return end
}

// govTx is dev account i's first transaction (nonce 0): a call of the gov
// contract.
func govTx(t *testing.T, i int, value, feeCap, tip *big.Int, method string, args ...any) *types.Transaction {
	acc, err := devkeys.DevAccount(i)
	require.NoError(t, err)
	data, err := gov.ABI.Pack(method, args...)
	require.NoError(t, err)
	return testutil.NewSender(acc.Key, big.NewInt(31337), 0).Tx(&gov.GovAddress, value, 1_000_000, data, feeCap, tip)
}

// proposalStatus reads a proposal's status and last voting block.
func proposalStatus(ctx context.Context, c *ethclient.Client, id uint64) (uint8, uint64) {
	data, err := gov.ABI.Pack("proposal", id)
	if err != nil {
		return 0, 0
	}
	out, err := c.CallContract(ctx, ethereum.CallMsg{To: &gov.GovAddress, Data: data}, nil)
	if err != nil {
		return 0, 0
	}
	res, err := gov.ABI.Unpack("proposal", out)
	if err != nil || len(res) != 1 {
		return 0, 0
	}
	var p struct {
		VotingEnd uint64 `json:"votingEnd"`
		Status    uint8  `json:"status"`
	}
	raw, err := json.Marshal(res[0])
	if err != nil || json.Unmarshal(raw, &p) != nil {
		return 0, 0
	}
	return p.Status, p.VotingEnd
}

// classifyByContract deploys the Classifier contract from dev account
// devAccount and runs it on node 1; the logged result must equal want on the
// last node.
func classifyByContract(t *testing.T, ctx context.Context, clients []*ethclient.Client, devAccount int, id [32]byte, input, want []int32) *types.Receipt {
	artifact := loadArtifact(t, "Classifier")
	acc, err := devkeys.DevAccount(devAccount)
	require.NoError(t, err)
	sender := testutil.NewSender(acc.Key, big.NewInt(31337), 0)
	feeCap, tip, err := testutil.Fees(ctx, clients[0])
	require.NoError(t, err)
	deploy := sender.Tx(nil, big.NewInt(0), 2_000_000, artifact.code, feeCap, tip)
	require.NoError(t, clients[0].SendTransaction(ctx, deploy))
	waitReceipts(t, ctx, clients[0], []*types.Transaction{deploy})
	contract := crypto.CreateAddress(acc.Address, 0)
	data, err := artifact.abi.Pack("classify", id, input)
	require.NoError(t, err)
	call := sender.Tx(&contract, big.NewInt(0), 3_000_000, data, feeCap, tip)
	require.NoError(t, clients[1].SendTransaction(ctx, call))
	last := clients[len(clients)-1]
	waitReceipts(t, ctx, last, []*types.Transaction{call})
	receipt, err := last.TransactionReceipt(ctx, call.Hash())
	require.NoError(t, err)
	require.Len(t, receipt.Logs, 1)
	out, err := artifact.abi.Unpack("Classified", receipt.Logs[0].Data)
	require.NoError(t, err)
	require.Equal(t, want, out[0].([]int32), "contract result equals a direct engine run")
	return receipt
}
