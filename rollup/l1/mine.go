package l1

import (
	"context"
	"errors"
	"fmt"
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
		if !errors.Is(err, ethereum.NotFound) {
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
