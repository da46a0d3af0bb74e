package l1

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
)

// mineAttempts bounds MineReceipt: each attempt seals a block.
const mineAttempts = 50

// MineReceipt returns tx's receipt, sealing blocks on a simulated backend
// until it is included. A single Commit right after a send can miss a
// transaction the pool has not promoted yet on a loaded machine; waiting
// for a receipt without sealing again would then wait forever.
func MineReceipt(ctx context.Context, sim *simulated.Backend, tx common.Hash) (*types.Receipt, error) {
	for range mineAttempts {
		r, err := sim.Client().TransactionReceipt(ctx, tx)
		if err == nil {
			return r, nil
		}
		if !errors.Is(err, ethereum.NotFound) && !isIndexing(err) {
			return nil, err
		}
		sim.Commit()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil, fmt.Errorf("tx %s not mined after %d blocks", tx, mineAttempts)
}

// isIndexing reports the node's answer for a transaction it cannot find while
// its transaction index is still being built (as on a fresh chain): the
// transaction may be unmined or unindexed, and another block settles both.
func isIndexing(err error) bool {
	return strings.Contains(err.Error(), "transaction indexing is in progress")
}

// ErrTxFailed is returned by MineSuccess for a mined transaction whose receipt reports failure.
var ErrTxFailed = errors.New("transaction failed")

// MineSuccess mines every tx on a simulated backend (see MineReceipt) and
// requires each to have succeeded.
func MineSuccess(ctx context.Context, sim *simulated.Backend, txs ...*types.Transaction) error {
	for _, tx := range txs {
		r, err := MineReceipt(ctx, sim, tx.Hash())
		if err != nil {
			return err
		}
		if r.Status != types.ReceiptStatusSuccessful {
			return fmt.Errorf("%w: tx %s in block %d", ErrTxFailed, tx.Hash(), r.BlockNumber)
		}
	}
	return nil
}
