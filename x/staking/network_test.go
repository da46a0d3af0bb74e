package staking_test

import (
	"bytes"
	"context"
	"math/big"
	"testing"
	"time"

	cmthttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/staking/stakingnet"
)

// TestNodeJoinsWithCreateValidator starts one genesis validator and a full
// node; the full node's operator registers it with createValidator; it must
// enter CometBFT's set within two epochs and then propose blocks in rotation.
func TestNodeJoinsWithCreateValidator(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	const epoch = 10
	net := stakingnet.Start(t, stakingnet.Options{Nodes: 2, Validators: 1, EpochLength: epoch, VotingPeriod: 5})
	ctx, cancel := context.WithTimeout(context.Background(), 80*time.Second)
	defer cancel()
	client := stakingnet.Client(ctx, t, net, 0)

	joiner := stakingnet.ConsensusKey(t, net.Homes[1])
	blsPK, pop, err := staking.ProvePossession(crypto.Keccak256([]byte("joiner bls")))
	require.NoError(t, err)
	dkg, err := crypto.ToECDSA(crypto.Keccak256([]byte("joiner dkg")))
	require.NoError(t, err)
	data, err := staking.ABI.Pack("createValidator", joiner.PubKey.Bytes(), blsPK, pop,
		crypto.CompressPubkey(&dkg.PublicKey), uint16(500), "joiner")
	require.NoError(t, err)
	acc, err := devkeys.DevAccount(1)
	require.NoError(t, err)
	feeCap, tip, err := testutil.Fees(ctx, client)
	require.NoError(t, err)
	tx := testutil.NewSender(acc.Key, big.NewInt(31337), 0).Tx(&staking.StakingAddress,
		new(big.Int).Mul(big.NewInt(50), big.NewInt(1e18)), 1_000_000, data, feeCap, tip)
	require.NoError(t, client.SendTransaction(ctx, tx))
	var created uint64
	require.True(t, testutil.WaitFor(20*time.Second, func() bool {
		r, err := client.TransactionReceipt(ctx, tx.Hash())
		if err == nil && r != nil {
			created = r.BlockNumber.Uint64()
		}
		return created > 0
	}))

	comet, err := cmthttp.New(stakingnet.CometRPC(net, 0), "/websocket")
	require.NoError(t, err)
	var joinedAt int64
	require.True(t, testutil.WaitFor(60*time.Second, func() bool {
		st, err := comet.Status(ctx)
		if err != nil {
			return false
		}
		h := st.SyncInfo.LatestBlockHeight
		vals, err := comet.Validators(ctx, &h, nil, nil)
		if err != nil {
			return false
		}
		for _, v := range vals.Validators {
			if bytes.Equal(v.Address, joiner.Address) {
				joinedAt = h
				return true
			}
		}
		return false
	}), "joiner not in the set")
	require.LessOrEqual(t, joinedAt, int64(created)+2*epoch+3, "within two epochs (+2 for CometBFT's offset)")
	out, err := client.CallContract(ctx, ethereum.CallMsg{To: &staking.StakingAddress, Data: mustPack(t, "validators")}, nil)
	require.NoError(t, err)
	require.Contains(t, string(out), string(common.LeftPadBytes(acc.Address.Bytes(), 32)), "validators() lists it")
	// Equal power: proposer rotation reaches the joiner.
	require.True(t, testutil.WaitFor(20*time.Second, func() bool {
		b, err := comet.Block(ctx, nil)
		return err == nil && bytes.Equal(b.Block.ProposerAddress, joiner.Address)
	}), "joiner never proposed")
}

func mustPack(t *testing.T, method string, args ...any) []byte {
	data, err := staking.ABI.Pack(method, args...)
	require.NoError(t, err)
	return data
}
