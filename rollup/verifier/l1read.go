package verifier

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/hyperion-rollup/hyperion/rollup/contracts"
)

// MaxBatches bounds how many batch events one verification reads.
const MaxBatches = 1 << 20

// MaxOutputs bounds how many outputs one verification reads.
const MaxOutputs = 1 << 20

// L1 is what the verifier reads from L1.
type L1 interface {
	bind.ContractCaller
	ethereum.LogFilterer
	ethereum.TransactionReader
}

// PostedBatch is one BatchAppended event with the transaction that carried it.
type PostedBatch struct {
	Event *contracts.BatchInboxBatchAppended
	Tx    common.Hash
	Block uint64
}

// Output is one output of the oracle.
type Output struct {
	Index   uint64
	L2Block uint64
	Root    common.Hash
}

// ReadBatches returns the inbox's batch events in L1 order.
func ReadBatches(ctx context.Context, l1 L1, inbox common.Address) ([]PostedBatch, error) {
	abiInbox := contracts.NewBatchInbox()
	topic := abiInbox.GetABI().Events[contracts.BatchInboxBatchAppendedEventName].ID
	logs, err := l1.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: big.NewInt(0), Addresses: []common.Address{inbox}, Topics: [][]common.Hash{{topic}},
	})
	if err != nil {
		return nil, fmt.Errorf("read batch events: %w", err)
	}
	if len(logs) > MaxBatches {
		return nil, fmt.Errorf("%w: %d batch events", ErrTooMany, len(logs))
	}
	out := make([]PostedBatch, 0, len(logs))
	for i := range logs {
		if logs[i].Removed {
			continue
		}
		ev, err := abiInbox.UnpackBatchAppendedEvent(&logs[i])
		if err != nil {
			return nil, fmt.Errorf("batch event in tx %s: %w", logs[i].TxHash, err)
		}
		out = append(out, PostedBatch{Event: ev, Tx: logs[i].TxHash, Block: logs[i].BlockNumber})
	}
	return out, nil
}

// ReadOutputs returns the oracle's live outputs.
func ReadOutputs(ctx context.Context, l1 bind.ContractCaller, oracle common.Address) ([]Output, error) {
	o := contracts.NewOutputOracle()
	bound := bind.NewBoundContract(oracle, o.GetABI(), l1, nil, nil)
	opts := &bind.CallOpts{Context: ctx}
	count, err := bind.Call(bound, opts, o.PackOutputCount(), o.UnpackOutputCount)
	if err != nil {
		return nil, fmt.Errorf("read output count: %w", err)
	}
	if !count.IsUint64() || count.Uint64() > MaxOutputs {
		return nil, fmt.Errorf("%w: %s outputs", ErrTooMany, count)
	}
	out := make([]Output, 0, count.Uint64())
	for i := uint64(0); i < count.Uint64(); i++ {
		o2, err := bind.Call(bound, opts, o.PackGetOutput(new(big.Int).SetUint64(i)), o.UnpackGetOutput)
		if err != nil {
			return nil, fmt.Errorf("read output %d: %w", i, err)
		}
		out = append(out, Output{Index: i, L2Block: o2.L2Block.Uint64(), Root: o2.OutputRoot})
	}
	return out, nil
}

// calldataPayload extracts the data argument of the submitCalldataBatch call in tx.
func calldataPayload(tx *types.Transaction) ([]byte, error) {
	method, ok := contracts.NewBatchInbox().GetABI().Methods["submitCalldataBatch"]
	input := tx.Data()
	if !ok || len(input) < 4 || string(input[:4]) != string(method.ID) {
		return nil, fmt.Errorf("%w: tx %s is not submitCalldataBatch", ErrBadBatchData, tx.Hash())
	}
	args, err := method.Inputs.Unpack(input[4:])
	if err != nil || len(args) != 3 {
		return nil, fmt.Errorf("%w: tx %s: %v", ErrBadBatchData, tx.Hash(), err)
	}
	data, ok := args[1].([]byte)
	if !ok {
		return nil, fmt.Errorf("%w: tx %s: data argument", ErrBadBatchData, tx.Hash())
	}
	return data, nil
}
