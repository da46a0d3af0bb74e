package testutil_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cmthttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/abci"
	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/staking"
	tencclient "github.com/hyperion-rollup/hyperion/x/tenc/client"
	"github.com/hyperion-rollup/hyperion/x/tenc/envelope"
)

const tencChainID = 31337

// tencNet is a 4-validator network with threshold-encryption clients.
type tencNet struct {
	t       *testing.T
	ctx     context.Context
	net     *testutil.Network
	eth     []*ethclient.Client
	tenc    []*tencclient.Client
	senders []devkeys.Account
}

func startTencNet(t *testing.T, prepare func(homes []string) error) *tencNet {
	if testing.Short() {
		t.Skip("network test")
	}
	net := testutil.NewNetworkWith(t, 4, prepare)
	ctx, cancel := context.WithTimeout(context.Background(), 85*time.Second)
	t.Cleanup(cancel)
	tn := &tencNet{t: t, ctx: ctx, net: net, eth: dialAll(t, net)}
	for _, c := range tn.eth {
		tn.tenc = append(tn.tenc, tencclient.New(c.Client(), tencChainID))
	}
	accounts, err := devkeys.DevAccounts(devkeys.DevAccountCount)
	require.NoError(t, err)
	tn.senders = accounts[4:] // 0-3 are the validators' operators
	for i, c := range tn.tenc {
		ok := testutil.WaitFor(60*time.Second, func() bool {
			k, err := c.EncryptionKey(ctx)
			return err == nil && k != nil && len(k.PublicKey) > 0
		})
		require.True(t, ok, "no eon key at node %d", i)
	}
	k, err := tn.tenc[0].EncryptionKey(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(3), uint64(k.Threshold), "t = floor(2n/3)+1 of 4")
	require.Equal(t, uint64(4), uint64(k.Members))
	return tn
}

// sealed is one envelope sent and the inner tx it carries.
type sealed struct {
	hash  common.Hash
	inner *types.Transaction
	to    common.Address
	// contract marks a contract call (its checks are the caller's).
	contract bool
}

// sendTransfers seals one transfer per sender (envelope nonce and tx nonce
// from the node) and sends each through a different node's JSON-RPC.
func (tn *tencNet) sendTransfers(senders []devkeys.Account, nodes []int, value int64) []sealed {
	calls := make([]call, len(senders))
	for i := range senders {
		to := common.BigToAddress(big.NewInt(int64(0x7e00 + value*16 + int64(i))))
		calls[i] = call{to: to, value: big.NewInt(value), gas: 21_000}
	}
	return tn.sendCalls(senders, nodes, calls, false)
}

// waitResolved waits until every envelope has left the pending state.
func (tn *tencNet) waitResolved(node int, sent []sealed) map[common.Hash]*tencclient.Envelope {
	out := map[common.Hash]*tencclient.Envelope{}
	for _, s := range sent {
		ok := testutil.WaitFor(30*time.Second, func() bool {
			e, err := tn.tenc[node].Envelope(tn.ctx, s.hash)
			if err == nil && e.Final() {
				out[s.hash] = e
				return true
			}
			return false
		})
		require.True(tn.t, ok, "envelope %s unresolved", s.hash)
	}
	return out
}

// checkRevealedInOrder requires every envelope revealed with its inner tx
// executed first in the block after the envelope's, in committed order.
func (tn *tencNet) checkRevealedInOrder(node int, sent []sealed) {
	t, ctx := tn.t, tn.ctx
	resolved := tn.waitResolved(node, sent)
	order := tn.envelopeOrder(node, resolved)
	for _, s := range sent {
		e := resolved[s.hash]
		require.Equal(t, "revealed", e.Status, "envelope %s: %s", s.hash, e.Reason)
		require.Equal(t, s.inner.Hash(), *e.InnerTx)
		r, err := tn.eth[node].TransactionReceipt(ctx, s.inner.Hash())
		require.NoError(t, err)
		require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
		require.Equal(t, uint64(e.Block)+1, r.BlockNumber.Uint64(), "executed in the next block")
		require.Equal(t, uint(order[s.hash]), r.TransactionIndex, "decrypted lane first, in committed order")
		if !s.contract { // a native transfer to a fresh address
			bal, err := tn.eth[node].BalanceAt(ctx, s.to, nil)
			require.NoError(t, err)
			require.Equal(t, s.inner.Value().String(), bal.String())
		}
	}
}

// envelopeOrder is each envelope's position among the envelopes of its
// including CometBFT block.
func (tn *tencNet) envelopeOrder(node int, resolved map[common.Hash]*tencclient.Envelope) map[common.Hash]int {
	c, err := cmthttp.New(fmt.Sprintf("http://127.0.0.1:%d", tn.net.Ports[node].CometRPC), "/websocket")
	require.NoError(tn.t, err)
	order := map[common.Hash]int{}
	done := map[int64]bool{}
	for _, e := range resolved {
		h := int64(e.Block)
		if done[h] {
			continue
		}
		done[h] = true
		b, err := c.Block(tn.ctx, &h)
		require.NoError(tn.t, err)
		pos := 0
		for _, raw := range b.Block.Txs {
			var tx htypes.Tx
			require.NoError(tn.t, tx.Unmarshal(raw))
			if enc := tx.GetEncrypted(); enc != nil {
				hash, err := envelope.Hash(tencChainID, enc)
				require.NoError(tn.t, err)
				order[hash] = pos
				pos++
			}
		}
	}
	return order
}

// TestEncryptedTransfersFourValidators sends encrypted native transfers,
// ERC-20 transfers and AMM swaps through JSON-RPC and the CLI to 4
// validators (each executes in the block after its envelope's, in committed
// order, with the balances that order implies), measures the added latency
// of an encrypted tx, then stops one validator and sends more: keys still
// arrive (3 of 4 is the threshold).
func TestEncryptedTransfersFourValidators(t *testing.T) {
	var holders []common.Address
	accounts, err := devkeys.DevAccounts(devkeys.DevAccountCount)
	require.NoError(t, err)
	for _, a := range accounts[4:] {
		holders = append(holders, a.Address)
	}
	tn := startTencNet(t, installContracts(holders))
	tn.checkRevealedInOrder(1, tn.sendTransfers(tn.senders[:4], []int{0, 1, 2, 3}, 11))
	tn.checkTokenWorkload(2, tn.sendCalls(tn.senders[:4], []int{3, 2, 1, 0}, tokenCalls(4), true), tn.senders[:4])
	checkEncryptedCLI(t, tn.net.RPCURL(2), tn.eth[2])
	// The CLI's sender sends the latency pair's plaintext tx, whose nonce
	// node 0 gives: node 0 must have executed the CLI's tx first.
	tn.awaitHeightOf(2)
	tn.measureAddedLatency(5)

	require.NoError(t, tn.net.Nodes[3].Stop())
	tn.net.Nodes[3] = nil
	tn.eth, tn.tenc = tn.eth[:3], tn.tenc[:3]
	tn.checkRevealedInOrder(0, tn.sendTransfers(tn.senders[:3], []int{0, 1, 2}, 12))
	require.Empty(t, withheldSlashed(t, tn.ctx, tn.eth[0], 0), "an honest or stopped validator is not reported")
}

// awaitHeightOf waits until every node has the blocks node from has now.
func (tn *tencNet) awaitHeightOf(from int) {
	h, err := tn.eth[from].BlockNumber(tn.ctx)
	require.NoError(tn.t, err)
	for _, c := range tn.eth {
		waitHeight(tn.t, tn.ctx, c, h)
	}
}

// checkEncryptedCLI sends with `hyperiond tx send --encrypted` and reads the
// recipient's balance.
func checkEncryptedCLI(t *testing.T, url string, c *ethclient.Client) {
	bin, err := testutil.Binary()
	require.NoError(t, err)
	to := common.HexToAddress("0x00000000000000000000000000000000000e7c11")
	out, err := exec.Command(bin, "tx", "send", "--encrypted", "--dev-account", "9", "--to", to.Hex(),
		"--value", "1000wei", "--node", url, "--timeout", "30s").CombinedOutput()
	require.NoError(t, err, string(out))
	require.Contains(t, string(out), "envelope 0x")
	require.Contains(t, string(out), "success")
	bal, err := c.BalanceAt(context.Background(), to, nil)
	require.NoError(t, err)
	require.Equal(t, "1000", bal.String())
}

// TestWithheldSharesFourValidators makes validators 2 and 3 vote but
// withhold their shares (the test-only fault switch): the honest two are
// below the threshold, so envelopes expire unread, and both withholders are
// reported to the slashing hook (Slashed events, reason 3).
func TestWithheldSharesFourValidators(t *testing.T) {
	var withholders []common.Address
	tn := startTencNet(t, func(homes []string) error {
		var addrs []string
		for _, home := range homes[2:] {
			cons, op, err := validatorAddrs(home)
			if err != nil {
				return err
			}
			addrs = append(addrs, cons)
			withholders = append(withholders, op)
		}
		t.Setenv(abci.WithholdSharesEnv, strings.Join(addrs, ","))
		return nil
	})
	from, err := tn.eth[0].BlockNumber(tn.ctx)
	require.NoError(t, err)
	sent := tn.sendTransfers(tn.senders[:2], []int{0, 1}, 13)
	for _, s := range sent {
		require.Equal(t, "expired", tn.waitResolved(0, []sealed{s})[s.hash].Status)
		e, err := tn.tenc[1].Envelope(tn.ctx, s.hash)
		require.NoError(t, err)
		require.Nil(t, e.InnerTx, "nothing revealed")
		_, err = tn.eth[0].TransactionReceipt(tn.ctx, s.inner.Hash())
		require.ErrorIs(t, err, ethereum.NotFound, "inner tx never executed")
		bal, err := tn.eth[0].BalanceAt(tn.ctx, s.to, nil)
		require.NoError(t, err)
		require.Zero(t, bal.Sign())
	}
	require.ElementsMatch(t, withholders, withheldSlashed(t, tn.ctx, tn.eth[0], from))
}

// withheldSlashed lists the validators slashed for withheld shares since
// block from.
func withheldSlashed(t *testing.T, ctx context.Context, c *ethclient.Client, from uint64) []common.Address {
	topic := crypto.Keccak256Hash([]byte("Slashed(address,uint256,uint8)"))
	logs, err := c.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from), Addresses: []common.Address{staking.StakingAddress},
		Topics: [][]common.Hash{{topic}},
	})
	require.NoError(t, err)
	seen := map[common.Address]bool{}
	var out []common.Address
	for _, l := range logs {
		require.Len(t, l.Topics, 2)
		require.Len(t, l.Data, 64)
		op := common.BytesToAddress(l.Topics[1].Bytes())
		if l.Data[63] == staking.ReasonWithheldShares && !seen[op] {
			seen[op] = true
			out = append(out, op)
		}
	}
	return out
}

// validatorAddrs reads a test home's CometBFT validator address (hex) and
// its operator address from the genesis (matched by moniker, the node dir).
func validatorAddrs(home string) (string, common.Address, error) {
	var key struct {
		Address string `json:"address"`
	}
	if err := readJSON(filepath.Join(home, "config", "priv_validator_key.json"), &key); err != nil {
		return "", common.Address{}, err
	}
	var gen struct {
		AppState struct {
			Staking struct {
				Validators []struct {
					Operator common.Address `json:"operator"`
					Moniker  string         `json:"moniker"`
				} `json:"validators"`
			} `json:"staking"`
		} `json:"app_state"`
	}
	if err := readJSON(filepath.Join(home, "config", "genesis.json"), &gen); err != nil {
		return "", common.Address{}, err
	}
	for _, v := range gen.AppState.Staking.Validators {
		if v.Moniker == filepath.Base(home) {
			raw, err := hex.DecodeString(key.Address)
			return hex.EncodeToString(raw), v.Operator, err
		}
	}
	return "", common.Address{}, fmt.Errorf("%s: no genesis validator", home)
}

func readJSON(path string, v any) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}
