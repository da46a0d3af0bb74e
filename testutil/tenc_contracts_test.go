package testutil_test

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm/runtime"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
	tencclient "github.com/hyperion-rollup/hyperion/x/tenc/client"
)

// Contracts of the encrypted-workload network test, installed at genesis.
// They are written in EVM assembly here (no compiler in the test path).
var (
	tokenAddr = common.HexToAddress("0x00000000000000000000000000000000000e7020")
	ammAddr   = common.HexToAddress("0x00000000000000000000000000000000000e7a33")
	// ammNative and ammTokens are the pool's starting reserves.
	ammNative = big.NewInt(1_000_000_000_000_000) // 1e15 wei
	ammTokens = big.NewInt(1_000_000_000)
	// holderTokens is every sender's starting token balance.
	holderTokens = big.NewInt(1_000_000)
)

var (
	transferSel  = crypto.Keccak256([]byte("transfer(address,uint256)"))[:4]
	balanceOfSel = crypto.Keccak256([]byte("balanceOf(address)"))[:4]
)

// asm assembles EVM code with forward jumps to labels (PUSH1 targets).
type asm struct {
	code   []byte
	labels map[string]int
	refs   map[int]string
}

func newAsm() *asm { return &asm{labels: map[string]int{}, refs: map[int]string{}} }

func (a *asm) op(b ...byte) *asm { a.code = append(a.code, b...); return a }

// jumpTo pushes a label's offset.
func (a *asm) jumpTo(label string) *asm {
	a.refs[len(a.code)+1] = label
	return a.op(0x60, 0x00)
}

// label places a JUMPDEST named label.
func (a *asm) label(name string) *asm { a.labels[name] = len(a.code); return a.op(0x5b) }

func (a *asm) bytes() []byte {
	for at, name := range a.refs {
		a.code[at] = byte(a.labels[name])
	}
	return a.code
}

func push4(b []byte) []byte { return append([]byte{0x63}, b...) }

// tokenCode is an ERC-20 subset: balanceOf(address) and transfer(address,
// uint256), which reverts on an insufficient balance and logs Transfer. The
// balance of an address is the storage slot equal to the address.
func tokenCode() []byte {
	topic := crypto.Keccak256([]byte("Transfer(address,address,uint256)"))
	a := newAsm()
	a.op(0x60, 0x00, 0x35, 0x60, 0xe0, 0x1c)                                  // CALLDATALOAD(0) >> 224    [sel]
	a.op(0x80).op(push4(balanceOfSel)...).op(0x14).jumpTo("balance").op(0x57) // DUP1 PUSH4 EQ JUMPI
	a.op(0x80).op(push4(transferSel)...).op(0x14).jumpTo("transfer").op(0x57)
	a.label("fail").op(0x60, 0x00, 0x80, 0xfd) // REVERT(0, 0)
	a.label("balance").op(0x60, 0x04, 0x35, 0x54, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3)
	a.label("transfer")
	a.op(0x33, 0x54, 0x60, 0x24, 0x35)                               // CALLER SLOAD, CALLDATALOAD(36)  [amt bf]
	a.op(0x81, 0x81, 0x11).jumpTo("fail").op(0x57)                   // amt > bf: fail
	a.op(0x80, 0x82, 0x03, 0x33, 0x55)                               // SSTORE(CALLER, bf-amt)
	a.op(0x60, 0x04, 0x35, 0x80, 0x54, 0x82, 0x01)                   // to, SLOAD(to)+amt
	a.op(0x90, 0x55)                                                 // SSTORE(to, bt+amt)          [amt bf]
	a.op(0x60, 0x00, 0x52)                                           // MSTORE(0, amt)
	a.op(0x60, 0x04, 0x35, 0x33, 0x7f).op(topic...)                  // to from topic
	a.op(0x60, 0x20, 0x60, 0x00, 0xa3)                               // LOG3(0, 32, topic, from, to)
	a.op(0x60, 0x01, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3) // return true
	return a.bytes()
}

// ammCode is a constant-product pool of native value and the token: a call
// with value in pays out = y·in/(x+in) tokens to the caller (slot 0 is the
// native reserve x, slot 1 the token reserve y) and logs out.
func ammCode() []byte {
	a := newAsm()
	a.op(0x34, 0x60, 0x00, 0x54, 0x81, 0x01)                           // CALLVALUE, SLOAD(0), DUP2 ADD   [x+in in]
	a.op(0x80, 0x60, 0x00, 0x55)                                       // SSTORE(0, x+in)
	a.op(0x60, 0x01, 0x54, 0x80, 0x83, 0x02)                           // y, y*in                      [y*in y x+in in]
	a.op(0x82, 0x90, 0x04)                                             // out = y*in / (x+in)          [out y x+in in]
	a.op(0x80, 0x82, 0x03, 0x60, 0x01, 0x55)                           // SSTORE(1, y-out)
	a.op(push4(transferSel)...).op(0x60, 0xe0, 0x1b, 0x60, 0x00, 0x52) // MSTORE(0, sel << 224)
	a.op(0x33, 0x60, 0x04, 0x52, 0x80, 0x60, 0x24, 0x52)               // MSTORE(4, caller), MSTORE(36, out)
	a.op(0x60, 0x00, 0x60, 0x00, 0x60, 0x44, 0x60, 0x00, 0x60, 0x00, 0x73).op(tokenAddr.Bytes()...)
	a.op(0x5a, 0xf1, 0x15).jumpTo("fail").op(0x57)             // GAS CALL, fail unless it succeeded
	a.op(0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xa0, 0x00) // LOG0(out) STOP
	a.label("fail").op(0x60, 0x00, 0x80, 0xfd)
	return a.bytes()
}

func slotOf(addr common.Address) common.Hash { return common.BytesToHash(addr.Bytes()) }

// installContracts returns a prepare hook that adds the token (holders
// funded) and the pool to every home's genesis.
func installContracts(holders []common.Address) func(homes []string) error {
	token := map[common.Hash]common.Hash{slotOf(ammAddr): common.BigToHash(ammTokens)}
	for _, h := range holders {
		token[slotOf(h)] = common.BigToHash(holderTokens)
	}
	alloc := map[string]any{
		tokenAddr.Hex(): map[string]any{"balance": "0", "nonce": 1, "code": hexutil.Encode(tokenCode()), "storage": token},
		ammAddr.Hex(): map[string]any{"balance": ammNative.String(), "nonce": 1, "code": hexutil.Encode(ammCode()),
			"storage": map[common.Hash]common.Hash{{}: common.BigToHash(ammNative), common.BigToHash(common.Big1): common.BigToHash(ammTokens)}},
	}
	return func(homes []string) error {
		for _, home := range homes {
			if err := patchAlloc(filepath.Join(home, "config", "genesis.json"), alloc); err != nil {
				return err
			}
		}
		return nil
	}
}

func patchAlloc(path string, add map[string]any) error {
	var doc map[string]json.RawMessage
	if err := readJSON(path, &doc); err != nil {
		return err
	}
	var state map[string]any
	if err := json.Unmarshal(doc["app_state"], &state); err != nil {
		return err
	}
	alloc, ok := state["alloc"].(map[string]any)
	if !ok {
		return fmt.Errorf("%s: no app_state.alloc", path)
	}
	for k, v := range add {
		alloc[k] = v
	}
	raw, err := json.Marshal(state)
	if err != nil {
		return err
	}
	doc["app_state"] = raw
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, 0o600)
}

func tokenTransferCall(to common.Address, amount int64) []byte {
	data := append([]byte{}, transferSel...)
	data = append(data, common.LeftPadBytes(to.Bytes(), 32)...)
	return append(data, common.LeftPadBytes(big.NewInt(amount).Bytes(), 32)...)
}

// call is an inner tx to seal: a contract call or a native transfer.
type call struct {
	to    common.Address
	value *big.Int
	gas   uint64
	data  []byte
}

// sendCalls seals calls[i] from senders[i] (envelope nonce and tx nonce from
// the node) through node nodes[i%len] and sends it with
// hyperion_sendEncryptedTransaction; contract marks calls to contracts.
func (tn *tencNet) sendCalls(senders []devkeys.Account, nodes []int, calls []call, contract bool) []sealed {
	tn.syncNodes() // nonces come from the sending node: it must have every block the others have
	feeCap, tip, err := testutil.Fees(tn.ctx, tn.eth[nodes[0]])
	require.NoError(tn.t, err)
	var out []sealed
	for i, s := range senders {
		node := nodes[i%len(nodes)]
		nonce, err := tn.eth[node].PendingNonceAt(tn.ctx, s.Address)
		require.NoError(tn.t, err)
		c := calls[i]
		inner := testutil.NewSender(s.Key, big.NewInt(tencChainID), nonce).Tx(&c.to, c.value, c.gas, c.data, feeCap, tip)
		hash, err := tn.tenc[node].SealAndSend(tn.ctx, s.Key, inner, tencclient.Fees{MaxFeePerGas: feeCap, MaxPriorityFeePerGas: tip})
		require.NoError(tn.t, err, "sender %d via node %d", i, node)
		out = append(out, sealed{hash: hash, inner: inner, to: c.to, contract: contract})
	}
	return out
}

// syncNodes waits until every node has reached the highest block any of
// them has.
func (tn *tencNet) syncNodes() {
	var top uint64
	for _, c := range tn.eth {
		n, err := c.BlockNumber(tn.ctx)
		require.NoError(tn.t, err)
		top = max(top, n)
	}
	for _, c := range tn.eth {
		waitHeight(tn.t, tn.ctx, c, top)
	}
}

// tokenBalance calls balanceOf on node's JSON-RPC.
func (tn *tencNet) tokenBalance(node int, holder common.Address) *big.Int {
	data := append(append([]byte{}, balanceOfSel...), common.LeftPadBytes(holder.Bytes(), 32)...)
	out, err := tn.eth[node].CallContract(tn.ctx, ethereum.CallMsg{To: &tokenAddr, Data: data}, nil)
	require.NoError(tn.t, err)
	return new(big.Int).SetBytes(out)
}

// checkTokenWorkload requires every envelope revealed and executed first in
// the block after its own, in committed order (checkRevealedInOrder), then
// the token balances the committed order implies: transfers move their
// amounts, and each swap is priced on the reserves the swaps committed
// before it left.
func (tn *tencNet) checkTokenWorkload(node int, sent []sealed, senders []devkeys.Account) {
	tn.checkRevealedInOrder(node, sent)
	resolved := tn.waitResolved(node, sent)
	order := tn.envelopeOrder(node, resolved)
	idx := make([]int, len(sent))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool {
		ea, eb := resolved[sent[idx[a]].hash], resolved[sent[idx[b]].hash]
		if ea.Block != eb.Block {
			return ea.Block < eb.Block
		}
		return order[sent[idx[a]].hash] < order[sent[idx[b]].hash]
	})
	want := map[common.Address]*big.Int{}
	get := func(a common.Address) *big.Int {
		if want[a] == nil {
			want[a] = new(big.Int).Set(holderTokens)
			if _, ok := tokenHolder(senders, a); !ok {
				want[a].SetInt64(0)
			}
		}
		return want[a]
	}
	x, y := new(big.Int).Set(ammNative), new(big.Int).Set(ammTokens)
	for _, i := range idx {
		tx, from := sent[i].inner, senders[i].Address
		if *tx.To() == ammAddr {
			x.Add(x, tx.Value())
			out := new(big.Int).Div(new(big.Int).Mul(y, tx.Value()), x)
			y.Sub(y, out)
			get(from).Add(get(from), out)
			continue
		}
		amount := new(big.Int).SetBytes(tx.Data()[36:68])
		to := common.BytesToAddress(tx.Data()[4:36])
		get(from).Sub(get(from), amount)
		get(to).Add(get(to), amount)
	}
	for holder, bal := range want {
		require.Equal(tn.t, bal.String(), tn.tokenBalance(node, holder).String(), "token balance of %s", holder)
	}
	require.Equal(tn.t, y.String(), tn.tokenBalance(node, ammAddr).String(), "pool reserve")
}

func tokenHolder(senders []devkeys.Account, a common.Address) (int, bool) {
	for i, s := range senders {
		if s.Address == a {
			return i, true
		}
	}
	return 0, false
}

// tokenCalls are ERC-20 transfers (even senders) and swaps (odd senders).
func tokenCalls(n int) []call {
	var calls []call
	for i := range n {
		if i%2 == 0 {
			to := common.BigToAddress(big.NewInt(int64(0x70c00 + i)))
			calls = append(calls, call{to: tokenAddr, value: new(big.Int), gas: 120_000, data: tokenTransferCall(to, int64(1000+i))})
		} else {
			calls = append(calls, call{to: ammAddr, value: big.NewInt(int64(1e12) * int64(i)), gas: 150_000})
		}
	}
	return calls
}

// TestTokenAndPoolContracts runs the hand-assembled contracts in
// go-ethereum's EVM: balanceOf, transfer (and its revert), and a swap priced
// by the constant product that pays the caller through the token.
func TestTokenAndPoolContracts(t *testing.T) {
	st, err := state.New(types.EmptyRootHash, state.NewDatabaseForTesting())
	require.NoError(t, err)
	alice, bob := common.Address{0xa1}, common.Address{0xb0}
	st.SetCode(tokenAddr, tokenCode(), tracing.CodeChangeUnspecified)
	st.SetState(tokenAddr, slotOf(alice), common.BigToHash(holderTokens))
	st.SetState(tokenAddr, slotOf(ammAddr), common.BigToHash(ammTokens))
	st.SetCode(ammAddr, ammCode(), tracing.CodeChangeUnspecified)
	st.SetState(ammAddr, common.Hash{}, common.BigToHash(ammNative))
	st.SetState(ammAddr, common.BigToHash(common.Big1), common.BigToHash(ammTokens))
	st.AddBalance(bob, uint256.NewInt(1e18), tracing.BalanceChangeUnspecified)
	cfg := func(from common.Address, value *big.Int) *runtime.Config {
		return &runtime.Config{State: st, Origin: from, Value: value, GasLimit: 1_000_000}
	}
	balance := func(a common.Address) *big.Int {
		out, _, err := runtime.Call(tokenAddr, append(append([]byte{}, balanceOfSel...), common.LeftPadBytes(a.Bytes(), 32)...), cfg(bob, nil))
		require.NoError(t, err)
		return new(big.Int).SetBytes(out)
	}
	out, _, err := runtime.Call(tokenAddr, tokenTransferCall(bob, 400), cfg(alice, nil))
	require.NoError(t, err)
	require.Equal(t, common.Big1, new(big.Int).SetBytes(out))
	require.Equal(t, big.NewInt(400), balance(bob))
	require.Equal(t, new(big.Int).Sub(holderTokens, big.NewInt(400)).String(), balance(alice).String())
	_, _, err = runtime.Call(tokenAddr, tokenTransferCall(alice, 401), cfg(bob, nil))
	require.Error(t, err, "insufficient balance reverts")

	in := big.NewInt(3e12)
	_, _, err = runtime.Call(ammAddr, nil, cfg(bob, in))
	require.NoError(t, err)
	got := new(big.Int).Div(new(big.Int).Mul(ammTokens, in), new(big.Int).Add(ammNative, in))
	require.Equal(t, new(big.Int).Add(big.NewInt(400), got).String(), balance(bob).String())
	require.Equal(t, new(big.Int).Sub(ammTokens, got).String(), balance(ammAddr).String())
}
