package jsonrpc

import (
	"context"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// NewHeads streams the header of every committed block (eth_subscribe "newHeads").
func (api *ethAPI) NewHeads(ctx context.Context) (*rpc.Subscription, error) {
	return api.subscribe(ctx, eventHeads, nil, func(v any) []any {
		return []any{marshalHeader(v.(*types.Header))}
	})
}

// Logs streams every committed log matching the filter, one notification per log,
// the system receipt's logs included (eth_subscribe "logs"). Block ranges are ignored.
func (api *ethAPI) Logs(ctx context.Context, q logQuery) (*rpc.Subscription, error) {
	if q.BlockHash != nil {
		return nil, &invalidParamsError{"blockHash is not allowed in a logs subscription"}
	}
	return api.subscribe(ctx, eventLogs, &q, func(v any) []any {
		logs := v.([]*types.Log)
		out := make([]any, len(logs))
		for i, l := range logs {
			out[i] = l
		}
		return out
	})
}

// NewPendingTransactions streams the hash (or with fullTx the object) of every
// transaction the pool accepts (eth_subscribe "newPendingTransactions").
func (api *ethAPI) NewPendingTransactions(ctx context.Context, fullTx *bool) (*rpc.Subscription, error) {
	full := fullTx != nil && *fullTx
	return api.subscribe(ctx, eventPending, nil, func(v any) []any {
		tx := v.(*types.Transaction)
		if full {
			return []any{api.renderPending(tx)}
		}
		return []any{tx.Hash()}
	})
}

// renderPending renders a pool transaction as eth_getTransactionByHash does.
func (api *ethAPI) renderPending(tx *types.Transaction) any {
	out, err := api.pendingTxObject(tx)
	if err != nil {
		return tx.Hash()
	}
	return out
}

// subscribe registers a feed subscriber and forwards its events to the client until
// the client unsubscribes or disconnects. A subscriber that falls behind is cut off:
// the reason is logged and its WebSocket connection closed, so the client notices.
func (api *ethAPI) subscribe(ctx context.Context, kind eventKind, q *logQuery, render func(any) []any) (*rpc.Subscription, error) {
	notifier, ok := rpc.NotifierFromContext(ctx)
	if !ok {
		return &rpc.Subscription{}, rpc.ErrNotificationsUnsupported
	}
	peer := rpc.PeerInfoFromContext(ctx)
	rpcSub := notifier.CreateSubscription()
	onCut := func(reason string) {
		closed := api.conns.close(peer.RemoteAddr)
		api.logger.Warn("Subscription cut off", "id", rpcSub.ID, "kind", kind.String(),
			"remote", peer.RemoteAddr, "reason", reason, "connectionClosed", closed)
	}
	sub := api.hub.subscribe(kind, q, onCut)
	go api.forward(notifier, rpcSub, sub, render)
	return rpcSub, nil
}

// forward copies a subscriber's events to the client.
func (api *ethAPI) forward(notifier *rpc.Notifier, rpcSub *rpc.Subscription, sub *subscriber, render func(any) []any) {
	defer api.hub.unsubscribe(sub)
	for {
		select {
		case v := <-sub.ch:
			for _, item := range render(v) {
				if err := notifier.Notify(rpcSub.ID, item); err != nil {
					return
				}
			}
		case <-sub.cut:
			return
		case <-rpcSub.Err():
			return
		}
	}
}
