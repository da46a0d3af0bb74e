package app

import (
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/abci"
	"github.com/hyperion-rollup/hyperion/app/jsonrpc"
)

// peerCountingBackend adds the consensus peer count to the RPC backend
// (net_peerCount).
type peerCountingBackend struct {
	*rpcBackend
	peers func() int
}

var _ jsonrpc.PeerCounter = peerCountingBackend{}

// PeerCount implements jsonrpc.PeerCounter.
func (b peerCountingBackend) PeerCount() int { return b.peers() }

// cometPeerCount returns the number of CometBFT peers of the node.
func (n *Node) cometPeerCount() int {
	if n.comet == nil {
		return 0
	}
	return n.comet.Switch().Peers().Size()
}

// wireRPCFeed feeds the JSON-RPC server in-process: every Commit wakes its
// subscriptions and filters, every transaction the pool accepts reaches
// newPendingTransactions. Both callbacks return at once.
func wireRPCFeed(app *abci.App, srv *jsonrpc.Server) {
	app.Subscribe(func(abci.CommitEvent) { srv.NotifyCommit() })
	app.SubscribePending(func(tx *types.Transaction) { srv.NotifyPendingTx(tx) })
}
