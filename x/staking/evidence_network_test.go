package staking_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"math/big"
	"testing"
	"time"

	"github.com/cometbft/cometbft/privval"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmthttp "github.com/cometbft/cometbft/rpc/client/http"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/staking/stakingnet"
)

// TestNetworkDoubleSignEvidence: a validator's real consensus key signs
// two conflicting prevotes at one height; the DuplicateVoteEvidence goes in
// through CometBFT's broadcast_evidence RPC and reaches FinalizeBlock as
// misbehavior. The validator loses slash_double_sign_bps of its stake, is
// jailed and tombstoned, its delegator's delegation and the funds it gets back
// on undelegating shrink by the same fraction, and it leaves CometBFT's set
// at the next epoch boundary. Invariants are checked after every block.
func TestNetworkDoubleSignEvidence(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	const epoch, byz, delegatorAcc = 10, 1, 5
	net := stakingnet.Start(t, stakingnet.Options{Nodes: 2, Validators: 2, EpochLength: epoch, VotingPeriod: 5,
		UnbondingTime: 12})
	ctx, cancel := context.WithTimeout(context.Background(), 110*time.Second)
	defer cancel()
	h := newHarness(ctx, t, net)
	op := devAddr(t, byz)
	stake := tokensOf(50)
	r := h.send(delegatorAcc, stake, "delegate", op)
	// The double-sign is at a later height: what is slashed is the stake the
	// validator had when the infraction's block began.
	require.True(t, h.waitFor(20*time.Second, func() bool { return h.height() > r.BlockNumber.Uint64() }))
	before := h.validator(op)

	comet, err := cmthttp.New(stakingnet.CometRPC(net, 0), "/websocket")
	require.NoError(t, err)
	infraction := h.height()
	ev := duplicateVote(ctx, t, comet, stakingnet.ConsensusKey(t, net.Homes[byz]), int64(infraction))
	_, err = comet.BroadcastEvidence(ctx, ev)
	require.NoError(t, err)

	var after validatorView
	require.True(t, h.waitFor(30*time.Second, func() bool { after = h.validator(op); return after.Tombstoned }),
		"validator not tombstoned")
	slashedAt := h.eventHeight("Jailed", op, infraction, h.height())
	require.True(t, after.Jailed)
	bps := big.NewInt(int64(h.params().SlashDoubleSignBps))
	cut := new(big.Int).Div(new(big.Int).Mul(before.Tokens, bps), big.NewInt(10000))
	require.Equal(t, new(big.Int).Sub(before.Tokens, cut), after.Tokens, "tokens lose the slash fraction")
	require.Equal(t, 1, h.eventCount("Slashed", op, infraction, slashedAt), "one Slashed event")

	want := new(big.Int).Sub(stake, new(big.Int).Div(new(big.Int).Mul(stake, bps), big.NewInt(10000)))
	amount := h.delegation(delegatorAcc, op)
	requireNear(t, want, amount, "delegation after the slash")
	h.requireLeavesSet(comet, stakingnet.ConsensusKey(t, net.Homes[byz]).Address, op, slashedAt, epoch)
	h.requireUnbondingPays(delegatorAcc, op, amount)
	h.send(byz, nil, "unjail")
	require.True(t, h.validator(op).Jailed, "a tombstoned validator cannot unjail")
	require.NoError(t, h.check.CheckUpTo(ctx))
	t.Logf("infraction %d, slashed and jailed %d: tokens %s -> %s, delegation %s -> %s; invariants checked to %d",
		infraction, slashedAt, before.Tokens, after.Tokens, stake, amount, h.check.Checked)
}

// duplicateVote signs two prevotes for different blocks at height with key,
// as the validator it belongs to, and wraps them as evidence.
func duplicateVote(ctx context.Context, t *testing.T, comet *cmthttp.HTTP, key privval.FilePVKey, height int64) *cmttypes.DuplicateVoteEvidence {
	block, err := comet.Block(ctx, &height)
	require.NoError(t, err)
	vals, err := comet.Validators(ctx, &height, nil, nil)
	require.NoError(t, err)
	set := cmttypes.NewValidatorSet(vals.Validators)
	idx, _ := set.GetByAddress(key.Address)
	require.GreaterOrEqual(t, idx, int32(0), "validator in the set at the infraction height")
	vote := func(seed string) *cmttypes.Vote {
		hash := sha256.Sum256([]byte(seed))
		part := sha256.Sum256([]byte(seed + " parts"))
		v := &cmttypes.Vote{Type: cmtproto.PrevoteType, Height: height, Round: 0, Timestamp: block.Block.Time,
			BlockID:          cmttypes.BlockID{Hash: hash[:], PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: part[:]}},
			ValidatorAddress: key.Address, ValidatorIndex: idx}
		pb := v.ToProto()
		sig, err := key.PrivKey.Sign(cmttypes.VoteSignBytes(block.Block.ChainID, pb))
		require.NoError(t, err)
		v.Signature = sig
		return v
	}
	ev, err := cmttypes.NewDuplicateVoteEvidence(vote("block A"), vote("block B"), block.Block.Time, set)
	require.NoError(t, err)
	return ev
}

// requireLeavesSet waits until CometBFT's set no longer holds addr and checks
// it left at the first epoch boundary at or after jailedAt (+2: CometBFT's offset).
func (h *harness) requireLeavesSet(comet *cmthttp.HTTP, addr []byte, op common.Address, jailedAt, epoch uint64) {
	boundary := (jailedAt + epoch - 1) / epoch * epoch
	require.True(h.t, h.waitFor(40*time.Second, func() bool { return h.height() > boundary+2 }))
	inSet := func(height int64) bool {
		vals, err := comet.Validators(h.ctx, &height, nil, nil)
		require.NoError(h.t, err)
		for _, v := range vals.Validators {
			if bytes.Equal(v.Address, addr) {
				return true
			}
		}
		return false
	}
	require.True(h.t, inSet(int64(boundary+1)), "still in the set until the boundary takes effect")
	require.False(h.t, inSet(int64(boundary+2)), "out of the set from the boundary's updates on")
	require.NotContains(h.t, h.activeSet(), op, "validators() drops it")
}

// requireUnbondingPays undelegates amount and checks that exactly the unbonding
// entry's amount comes back at maturity.
func (h *harness) requireUnbondingPays(acc int, op common.Address, amount *big.Int) {
	r := h.send(acc, nil, "undelegate", op, amount)
	entries := h.unbondings(acc)
	require.Len(h.t, entries, 1)
	requireNear(h.t, amount, entries[0].Amount, "unbonding entry")
	start := h.balanceAt(acc, r.BlockNumber.Uint64())
	require.True(h.t, h.waitFor(40*time.Second, func() bool { return len(h.unbondings(acc)) == 0 }), "unbonding never matured")
	got := new(big.Int).Sub(h.balanceAt(acc, h.height()), start)
	require.Equal(h.t, entries[0].Amount, got, "the delegator gets the slashed amount back")
}

func requireNear(t *testing.T, want, got *big.Int, what string) {
	diff := new(big.Int).Abs(new(big.Int).Sub(want, got))
	require.LessOrEqual(t, diff.Int64(), int64(2), "%s: want %s, got %s", what, want, got)
}

// harness drives a staking network through node 0's JSON-RPC and checks the
// invariants after every block while it waits.
type harness struct {
	ctx    context.Context
	t      *testing.T
	client *ethclient.Client
	check  *stakingnet.Checker
}

func newHarness(ctx context.Context, t *testing.T, net *testutil.Network) *harness {
	client := stakingnet.Client(ctx, t, net, 0)
	check, err := stakingnet.NewChecker(net, 0, client)
	require.NoError(t, err)
	return &harness{ctx: ctx, t: t, client: client, check: check}
}

// waitFor polls cond, checking the invariants of every new block meanwhile.
func (h *harness) waitFor(timeout time.Duration, cond func() bool) bool {
	return testutil.WaitFor(timeout, func() bool {
		require.NoError(h.t, h.check.CheckUpTo(h.ctx))
		return cond()
	})
}

func (h *harness) height() uint64 {
	n, err := h.client.BlockNumber(h.ctx)
	require.NoError(h.t, err)
	return n
}

// send has dev account acc call the staking contract and waits for the block
// after its receipt (the request is applied at the end of the tx's block).
func (h *harness) send(acc int, value *big.Int, method string, args ...any) *types.Receipt {
	key, err := devkeys.DevAccount(acc)
	require.NoError(h.t, err)
	feeCap, tip, err := testutil.Fees(h.ctx, h.client)
	require.NoError(h.t, err)
	nonce, err := h.client.PendingNonceAt(h.ctx, key.Address)
	require.NoError(h.t, err)
	tx := testutil.NewSender(key.Key, big.NewInt(31337), nonce).Tx(&staking.StakingAddress, value, 1_000_000,
		mustPack(h.t, method, args...), feeCap, tip)
	require.NoError(h.t, h.client.SendTransaction(h.ctx, tx))
	var r *types.Receipt
	require.True(h.t, h.waitFor(20*time.Second, func() bool {
		r, _ = h.client.TransactionReceipt(h.ctx, tx.Hash())
		return r != nil
	}), method)
	require.Equal(h.t, types.ReceiptStatusSuccessful, r.Status, method)
	return r
}

func (h *harness) call(method string, args ...any) []any {
	out, err := h.client.CallContract(h.ctx, ethereum.CallMsg{To: &staking.StakingAddress, Data: mustPack(h.t, method, args...)}, nil)
	require.NoError(h.t, err)
	res, err := staking.ABI.Unpack(method, out)
	require.NoError(h.t, err)
	return res
}

// validatorView is IStaking.Validator.
type validatorView struct {
	Operator        common.Address
	ConsensusPubKey []byte
	BlsPubKey       []byte
	Tokens          *big.Int
	Shares          *big.Int
	CommissionBps   uint16
	Active          bool
	Jailed          bool
	Tombstoned      bool
	Moniker         string
}

func (h *harness) validator(op common.Address) validatorView {
	return *abi.ConvertType(h.call("validator", op)[0], new(validatorView)).(*validatorView)
}

func (h *harness) activeSet() []common.Address {
	var ops []common.Address
	for _, v := range *abi.ConvertType(h.call("validators")[0], new([]validatorView)).(*[]validatorView) {
		ops = append(ops, v.Operator)
	}
	return ops
}

func (h *harness) delegation(acc int, op common.Address) *big.Int {
	return h.call("delegation", devAddr(h.t, acc), op)[0].(*big.Int)
}

type unbondingView struct {
	Validator      common.Address
	Amount         *big.Int
	CompletionTime uint64
}

func (h *harness) unbondings(acc int) []unbondingView {
	return *abi.ConvertType(h.call("unbondings", devAddr(h.t, acc))[0], new([]unbondingView)).(*[]unbondingView)
}

func (h *harness) balanceAt(acc int, height uint64) *big.Int {
	b, err := h.client.BalanceAt(h.ctx, devAddr(h.t, acc), new(big.Int).SetUint64(height))
	require.NoError(h.t, err)
	return b
}

// params reads the staking parameters of the latest state.
func (h *harness) params() staking.Params {
	n := h.height()
	st := stakingnet.StateAt(h.ctx, h.client, n)
	p := staking.NewKeeper(st, int64(n), 0).Params()
	require.NoError(h.t, st.Err())
	return p
}

// eventHeight returns the block of the first staking event name about op in [from, to].
func (h *harness) eventHeight(name string, op common.Address, from, to uint64) uint64 {
	logs := h.events(name, op, from, to)
	require.NotEmpty(h.t, logs, "no %s event", name)
	return logs[0].BlockNumber
}

// eventCount counts the staking events name about op in blocks [from, to].
func (h *harness) eventCount(name string, op common.Address, from, to uint64) int {
	return len(h.events(name, op, from, to))
}

func (h *harness) events(name string, op common.Address, from, to uint64) []types.Log {
	logs, err := h.client.FilterLogs(h.ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(from),
		ToBlock: new(big.Int).SetUint64(to), Addresses: []common.Address{staking.StakingAddress},
		Topics: [][]common.Hash{{staking.ABI.Events[name].ID}, {common.BytesToHash(op.Bytes())}}})
	require.NoError(h.t, err)
	return logs
}

func devAddr(t *testing.T, i int) common.Address {
	acc, err := devkeys.DevAccount(i)
	require.NoError(t, err)
	return acc.Address
}

func tokensOf(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }
