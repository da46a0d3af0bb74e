package contracts

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

func (e *env) oracleRevert(from common.Address, value *big.Int, data []byte) string {
	return e.revert(from, e.dep.OutputOracle, value, data, e.allErrors())
}

func (e *env) outputCount() uint64 {
	n, err := bind.Call(e.oracle, nil, e.oracleABI.PackOutputCount(), e.oracleABI.UnpackOutputCount)
	require.NoError(e.t, err)
	return n.Uint64()
}

func (e *env) balance(a common.Address) *big.Int {
	b, err := e.sim.Client().BalanceAt(context.Background(), a, nil)
	require.NoError(e.t, err)
	return b
}

func TestOutputOracle(t *testing.T) {
	e := newEnv(t, 4)
	e.send("submitCalldataBatch", e.inbox, e.deployer, nil,
		e.calldataBatch(BatchInboxBatchHeader{Index: 0, FirstBlock: 1, LastBlock: 100}, []byte("blocks 1..100"), []int{0, 1, 2}))
	root := func(b byte) (common.Hash, common.Hash, common.Hash) {
		return common.Hash{b}, common.Hash{b, 1}, common.Hash{}
	}
	s, bh, w := root(1)
	from := e.deployer.From

	require.Equal(t, "WrongBond", e.oracleRevert(from, big.NewInt(1), e.oracleABI.PackPropose(10, s, bh, w)))
	require.Equal(t, "BlockNotBatched", e.oracleRevert(from, testBond, e.oracleABI.PackPropose(101, s, bh, w)))
	e.send("propose (first)", e.oracle, e.deployer, testBond, e.oracleABI.PackPropose(10, s, bh, w))
	out, err := bind.Call(e.oracle, nil, e.oracleABI.PackGetOutput(big.NewInt(0)), e.oracleABI.UnpackGetOutput)
	require.NoError(t, err)
	require.Equal(t, OutputRoot(s, bh, w), common.Hash(out.OutputRoot))
	require.Equal(t, from, out.Proposer)
	require.Equal(t, "BlockNotIncreasing", e.oracleRevert(from, testBond, e.oracleABI.PackPropose(10, s, bh, w)))
	require.Equal(t, "NotFinalized", e.oracleRevert(from, nil, e.oracleABI.PackReturnBond(big.NewInt(0))))

	require.NoError(t, e.sim.AdjustTime(testWindow*time.Second))
	final, err := bind.Call(e.oracle, nil, e.oracleABI.PackIsFinalized(big.NewInt(0)), e.oracleABI.UnpackIsFinalized)
	require.NoError(t, err)
	require.True(t, final)
	require.Equal(t, "AlreadyFinalized", e.oracleRevert(e.challenger.From, nil, e.oracleABI.PackInvalidateFrom(big.NewInt(0))))
	// Anyone may trigger the return; the bond goes to the proposer.
	before := e.balance(from)
	e.send("returnBond", e.oracle, e.challenger, nil, e.oracleABI.PackReturnBond(big.NewInt(0)))
	require.Equal(t, new(big.Int).Add(before, testBond), e.balance(from))
	require.Equal(t, "BondAlreadyReturned", e.oracleRevert(from, nil, e.oracleABI.PackReturnBond(big.NewInt(0))))

	for i, blk := range []uint64{20, 30, 40} {
		s, bh, w := root(byte(2 + i))
		e.send("propose", e.oracle, e.deployer, testBond, e.oracleABI.PackPropose(blk, s, bh, w))
	}
	require.EqualValues(t, 4, e.outputCount())
	n, err := bind.Call(e.oracle, nil, e.oracleABI.PackFinalizedCount(), e.oracleABI.UnpackFinalizedCount)
	require.NoError(t, err)
	require.EqualValues(t, 1, n.Uint64())

	require.Equal(t, "NotChallenger", e.oracleRevert(from, nil, e.oracleABI.PackInvalidateFrom(big.NewInt(2))))
	e.send("invalidateFrom (2 outputs)", e.oracle, e.challenger, nil, e.oracleABI.PackInvalidateFrom(big.NewInt(2)))
	require.EqualValues(t, 2, e.outputCount())
	require.Equal(t, "UnknownOutput", e.oracleRevert(from, nil, e.oracleABI.PackGetOutput(big.NewInt(2))))
	credit, err := bind.Call(e.oracle, nil, e.oracleABI.PackCredit(e.challenger.From), e.oracleABI.UnpackCredit)
	require.NoError(t, err)
	require.Equal(t, new(big.Int).Mul(testBond, big.NewInt(2)), credit)
	e.send("withdrawCredit", e.oracle, e.challenger, nil, e.oracleABI.PackWithdrawCredit())

	// The invalidated range is proposed again (a later block than the surviving output 1 at block 20).
	s, bh, w = root(9)
	e.send("propose (after invalidation)", e.oracle, e.deployer, testBond, e.oracleABI.PackPropose(30, s, bh, w))
	require.EqualValues(t, 3, e.outputCount())
	// Output 1 becomes final after the window, and only then.
	require.Equal(t, "NotFinalized", e.oracleRevert(from, nil, e.oracleABI.PackReturnBond(big.NewInt(1))))
	require.NoError(t, e.sim.AdjustTime(testWindow*time.Second))
	e.send("returnBond", e.oracle, e.deployer, nil, e.oracleABI.PackReturnBond(big.NewInt(1)))
}
