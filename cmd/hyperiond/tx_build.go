package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
)

// buildSendTx fills nonce, fees and gas from the node and signs an EIP-1559 tx.
func buildSendTx(ctx context.Context, c *ethclient.Client, chainID *big.Int, key *ecdsaKey, req sendRequest) (*types.Transaction, error) {
	from := crypto.PubkeyToAddress(key.PublicKey)
	nonce, err := c.PendingNonceAt(ctx, from)
	if err != nil {
		return nil, fmt.Errorf("nonce: %w", err)
	}
	tip, feeCap, err := sendFees(ctx, c, req)
	if err != nil {
		return nil, err
	}
	gas := req.gas
	if gas == 0 {
		msg := ethereum.CallMsg{From: from, To: &req.to, Value: req.value, Data: req.data, GasFeeCap: feeCap, GasTipCap: tip}
		if gas, err = c.EstimateGas(ctx, msg); err != nil {
			return nil, fmt.Errorf("estimate gas: %w", err)
		}
	}
	tx := types.NewTx(&types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap,
		Gas: gas, To: &req.to, Value: req.value, Data: req.data,
	})
	return types.SignTx(tx, types.LatestSignerForChainID(chainID), key)
}

// sendFees returns the priority fee and fee cap: the flags, else
// eth_maxPriorityFeePerGas and 2 × latest base fee + tip.
func sendFees(ctx context.Context, c *ethclient.Client, req sendRequest) (tip, feeCap *big.Int, err error) {
	tip = req.tip
	if tip == nil {
		if tip, err = c.SuggestGasTipCap(ctx); err != nil {
			return nil, nil, fmt.Errorf("priority fee: %w", err)
		}
	}
	if req.maxFee != nil {
		if req.maxFee.Cmp(tip) < 0 {
			return nil, nil, ErrFeeCap
		}
		return tip, req.maxFee, nil
	}
	head, err := c.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("latest header: %w", err)
	}
	if head.BaseFee == nil {
		return nil, nil, ErrNoBaseFee
	}
	feeCap = new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	return tip, feeCap, nil
}

// waitReceipt polls for the receipt of hash until timeout.
func waitReceipt(ctx context.Context, c *ethclient.Client, hash common.Hash, timeout time.Duration) (*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(receiptPoll)
	defer tick.Stop()
	for {
		receipt, err := c.TransactionReceipt(ctx, hash)
		if err == nil {
			return receipt, nil
		}
		if !errors.Is(err, ethereum.NotFound) && ctx.Err() == nil {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w (%s)", ErrNoReceipt, timeout)
		case <-tick.C:
		}
	}
}

// printReceipt prints the outcome of a sent transaction.
func printReceipt(w io.Writer, tx *types.Transaction, r *types.Receipt, asJSON bool) error {
	status := "success"
	if r.Status != types.ReceiptStatusSuccessful {
		status = "failed"
	}
	if asJSON {
		return writeJSON(w, struct {
			Hash        common.Hash `json:"hash"`
			Status      string      `json:"status"`
			BlockNumber string      `json:"blockNumber"`
			BlockHash   common.Hash `json:"blockHash"`
			GasUsed     uint64      `json:"gasUsed"`
		}{tx.Hash(), status, r.BlockNumber.String(), r.BlockHash, r.GasUsed})
	}
	_, err := fmt.Fprintf(w, "hash:    %s\nstatus:  %s\nblock:   %s\ngasUsed: %d\n",
		tx.Hash().Hex(), status, r.BlockNumber, r.GasUsed)
	return err
}
