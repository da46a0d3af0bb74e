package proposer

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/rollup/attest"
	"github.com/hyperion-rollup/hyperion/rollup/bls"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
	"github.com/hyperion-rollup/hyperion/rollup/l1"
)

// heightOutputs derives an output per height.
type heightOutputs struct{}

func (heightOutputs) Output(h uint64) (common.Hash, common.Hash, error) {
	return crypto.Keccak256Hash([]byte("state"), new(big.Int).SetUint64(h).Bytes()),
		crypto.Keccak256Hash([]byte("block"), new(big.Int).SetUint64(h).Bytes()), nil
}

func deployOracle(t *testing.T, genesisL2 uint64, window uint64) (*simulated.Backend, *contracts.Deployment, *ecdsa.PrivateKey) {
	key, _ := crypto.GenerateKey()
	sim := l1.NewSimulated(types.GenesisAlloc{crypto.PubkeyToAddress(key.PublicKey): {Balance: new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))}})
	t.Cleanup(func() { _ = sim.Close() })
	sk, err := attest.KeyFromSeed(crypto.Keccak256([]byte("p")))
	require.NoError(t, err)
	pop, err := sk.ProvePossession()
	require.NoError(t, err)
	dep, err := contracts.Deploy(bind.NewKeyedTransactor(key, l1.ChainConfig().ChainID), sim.Client(), contracts.DeployConfig{
		GenesisKeys: contracts.ConcatKeys([]*bls.PublicKey{sk.PublicKey()}), GenesisProofs: contracts.ConcatSignatures([]*bls.Signature{pop}),
		GenesisL2Block: genesisL2, Challenger: crypto.PubkeyToAddress(key.PublicKey), OutputBond: big.NewInt(1e17), ChallengeWindow: window,
	})
	require.NoError(t, err)
	require.NoError(t, l1.MineSuccess(context.Background(), sim, dep.Txs...))
	return sim, dep, key
}

// TestProposesEveryIntervalAndReturnsBonds: outputs land at every P-th block covered by the batch chain
// (here the inbox's genesis block), with the right roots and bond; once final the bonds come back.
func TestProposesEveryIntervalAndReturnsBonds(t *testing.T) {
	sim, dep, key := deployOracle(t, 25, 60)
	p, err := New(Config{
		Oracle: dep.OutputOracle, Inbox: dep.BatchInbox, ChainID: l1.ChainConfig().ChainID, Key: key,
		Interval: 10, SetSize: 1,
	}, sim.Client(), heightOutputs{})
	require.NoError(t, err)
	ctx := context.Background()
	now := time.Unix(0, 0)
	_, err = p.Step(ctx, 9, now)
	require.ErrorIs(t, err, ErrNothingToPropose, "block 10 not committed yet")
	for _, want := range []uint64{10, 20} {
		tx, err := p.Step(ctx, 100, now)
		require.NoError(t, err)
		require.NotNil(t, tx)
		require.NoError(t, l1.MineSuccess(ctx, sim, tx))
		_, last, err := p.lastOutput(ctx)
		require.NoError(t, err)
		require.Equal(t, want, last)
	}
	_, err = p.Step(ctx, 100, now)
	require.ErrorIs(t, err, ErrNothingToPropose, "block 30 is past the batched block 25")

	oracle := contracts.NewOutputOracle()
	out, err := bind.Call(p.bOracle, nil, oracle.PackGetOutput(big.NewInt(1)), oracle.UnpackGetOutput)
	require.NoError(t, err)
	sr, bh, _ := heightOutputs{}.Output(20)
	require.Equal(t, common.Hash(contracts.OutputRoot(sr, bh, WithdrawalsRoot)), common.Hash(out.OutputRoot))

	txs, err := p.ReturnBonds(ctx)
	require.NoError(t, err)
	require.Empty(t, txs, "nothing final inside the window")
	require.NoError(t, sim.AdjustTime(61*time.Second))
	sim.Commit()
	before, err := sim.Client().BalanceAt(ctx, p.From(), nil)
	require.NoError(t, err)
	txs, err = p.ReturnBonds(ctx)
	require.NoError(t, err)
	require.Len(t, txs, 2)
	require.NoError(t, l1.MineSuccess(ctx, sim, txs...))
	after, err := sim.Client().BalanceAt(ctx, p.From(), nil)
	require.NoError(t, err)
	gain := new(big.Int).Sub(after, before)
	require.True(t, gain.Cmp(big.NewInt(19e16)) > 0, "both 0.1 ether bonds back minus gas: %s", gain)
	txs, err = p.ReturnBonds(ctx)
	require.NoError(t, err)
	require.Empty(t, txs, "no bond returned twice")
}

// TestTurnsRotate: output k belongs to position k mod n, and passes on after the timeout.
func TestTurnsRotate(t *testing.T) {
	key, _ := crypto.GenerateKey()
	p, err := New(Config{Key: key, Interval: 5, Self: 1, SetSize: 3, Timeout: time.Second}, nil, heightOutputs{})
	require.NoError(t, err)
	t0 := time.Unix(100, 0)
	require.False(t, p.myTurn(0, t0))
	require.True(t, p.myTurn(0, t0.Add(1500*time.Millisecond)))
	require.True(t, p.myTurn(1, t0))
	require.Equal(t, uint64(5), p.NextTarget(0))
	require.Equal(t, uint64(10), p.NextTarget(5))
	require.Equal(t, uint64(10), p.NextTarget(7))
}
