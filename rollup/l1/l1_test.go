package l1

import (
	"context"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

func TestChainConfigOsakaLast(t *testing.T) {
	cfg := ChainConfig()
	require.NoError(t, cfg.CheckConfigForkOrder())
	require.True(t, cfg.IsOsaka(big.NewInt(0), 0))
	require.False(t, cfg.IsAmsterdam(big.NewInt(0), 1<<40))
	require.Nil(t, cfg.BogotaTime)
	require.Nil(t, cfg.BPO1Time)
	require.NotNil(t, cfg.BlobScheduleConfig.Prague)
	// go-ethereum's shared default is not mutated.
	require.NotNil(t, params.AllDevChainProtocolChanges.BogotaTime)
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	return port
}

func TestServeMinesAndFunds(t *testing.T) {
	funded := common.HexToAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
	srv, err := Start(Config{
		Alloc:     types.GenesisAlloc{funded: {Balance: big.NewInt(1e18)}},
		Port:      freePort(t),
		BlockTime: 50 * time.Millisecond,
	})
	require.NoError(t, err)
	defer srv.Close()

	ctx := context.Background()
	c, err := ethclient.Dial(srv.Endpoint())
	require.NoError(t, err)
	defer c.Close()
	id, err := c.ChainID(ctx)
	require.NoError(t, err)
	require.EqualValues(t, 1337, id.Int64())
	bal, err := c.BalanceAt(ctx, funded, nil)
	require.NoError(t, err)
	require.Equal(t, big.NewInt(1e18), bal)
	require.Eventually(t, func() bool {
		n, err := c.BlockNumber(ctx)
		return err == nil && n >= 3
	}, 5*time.Second, 20*time.Millisecond)

	// Only eth, net and web3 are served.
	var version string
	require.NoError(t, c.Client().CallContext(ctx, &version, "net_version"))
	require.Equal(t, "1337", version)
	var out any
	err = c.Client().CallContext(ctx, &out, "debug_getRawHeader", "latest")
	var rpcErr rpc.Error
	require.ErrorAs(t, err, &rpcErr)
	require.Equal(t, -32601, rpcErr.ErrorCode())

	_, err = Start(Config{Port: portOf(t, srv.Endpoint()), BlockTime: time.Second})
	require.Error(t, err, "a second server on the same port")
	require.NoError(t, srv.Close())
	require.NoError(t, srv.Close())
}

func portOf(t *testing.T, endpoint string) int {
	_, p, err := net.SplitHostPort(endpoint[len("http://"):])
	require.NoError(t, err)
	port, err := net.LookupPort("tcp", p)
	require.NoError(t, err)
	return port
}

func TestStartRejectsBadConfig(t *testing.T) {
	_, err := Start(Config{Port: 8645, BlockTime: 0})
	require.ErrorIs(t, err, ErrBadBlockTime)
	_, err = Start(Config{Port: 70000, BlockTime: time.Second})
	require.ErrorIs(t, err, ErrBadPort)
}
