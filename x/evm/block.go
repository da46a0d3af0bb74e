package evm

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/misc/eip4844"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/store"
)

// Sentinel errors of block building.
var (
	// ErrInvalidSender is returned for a transaction whose signature does not
	// recover a sender under the chain's signer (wrong chain id included).
	ErrInvalidSender = errors.New("invalid sender")
	// ErrBuilderFinished is returned when a finished builder is used again.
	ErrBuilderFinished = errors.New("evm: block builder already finished")
	// ErrMissingBaseFee is returned for a block context without a base fee.
	ErrMissingBaseFee = errors.New("evm: block context has no base fee")
)

// BlockContext is what the consensus layer decides about a block before any
// transaction runs.
type BlockContext struct {
	Number, Time, GasLimit uint64
	ParentHash             common.Hash
	BaseFee                *big.Int
	PrevRandao             common.Hash
	// Precompiles are the block's extra precompiled contracts (not part of
	// the header).
	Precompiles Precompiles
}

// BlockResult is the outcome of executing a block.
type BlockResult struct {
	Txs           []*types.Transaction
	Receipts      []*types.Receipt
	SystemReceipt *types.Receipt
	Changes       []store.Change
	GasUsed       uint64
	Bloom         types.Bloom
	Logs          []*types.Log // every log of the block, system logs last
}

// BlockBuilder executes the transactions of one block in order. The proposer
// skips the transactions ApplyTx rejects; a verifier rejects the block.
type BlockBuilder struct {
	// SystemLogs are the logs of end-of-block system calls; they go into the
	// block's system receipt. Append to it before Finish.
	SystemLogs []*types.Log

	cfg      *params.ChainConfig
	bctx     BlockContext
	rules    params.Rules
	signer   types.Signer
	state    *StateDB
	evm      *vm.EVM
	gp       *core.GasPool
	txs      []*types.Transaction
	receipts []*types.Receipt
	logCount uint
	blooms   bloomCache // receipt blooms of the transactions applied in order
	// Receipts' blooms are left to later: to Finish with bloomsAtFinish
	// (DeferBlooms), or to bloomsAfter's fill while bloomsLater is set;
	// both compute them on two goroutines once the transactions ran.
	bloomsLater    bool
	bloomsAtFinish bool
	finished       bool
	// changeWorkers is how many goroutines Finish derives the net changes
	// on (the parallel executor, whose store reader is safe for concurrent
	// reads, sets it; 0 or 1: the calling goroutine only).
	changeWorkers int
}

// NewBlockBuilder prepares a block on top of the state in r and runs the
// EIP-2935 parent-block-hash system call, as go-ethereum's processor does.
// hashes returns the hash of an earlier block by number (BLOCKHASH).
func NewBlockBuilder(cfg *params.ChainConfig, r store.Reader, bctx BlockContext, hashes func(n uint64) common.Hash) (*BlockBuilder, error) {
	if bctx.BaseFee == nil {
		return nil, ErrMissingBaseFee
	}
	number := new(big.Int).SetUint64(bctx.Number)
	b := &BlockBuilder{
		cfg:    cfg,
		bctx:   bctx,
		rules:  cfg.Rules(number, true, bctx.Time),
		signer: types.MakeSigner(cfg, number, bctx.Time),
		state:  NewStateDB(r),
		gp:     core.NewGasPool(bctx.GasLimit),
	}
	b.state.keptMaps = takeSlotMaps()
	b.evm = vm.NewEVM(b.evmContext(hashes), b.state, cfg, vm.Config{})
	if err := installPrecompiles(b.evm, b.rules, bctx.Precompiles); err != nil {
		return nil, err
	}
	if b.rules.IsPrague {
		core.ProcessParentBlockHash(bctx.ParentHash, b.evm, nil)
	}
	if err := b.state.Error(); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *BlockBuilder) evmContext(hashes func(n uint64) common.Hash) vm.BlockContext {
	random := b.bctx.PrevRandao
	header := &types.Header{Number: new(big.Int).SetUint64(b.bctx.Number), Time: b.bctx.Time, ExcessBlobGas: new(uint64)}
	return vm.BlockContext{
		CanTransfer: core.CanTransfer,
		Transfer:    core.Transfer,
		GetHash:     hashes,
		Coinbase:    FeeVault,
		GasLimit:    b.bctx.GasLimit,
		BlockNumber: new(big.Int).SetUint64(b.bctx.Number),
		Time:        b.bctx.Time,
		Difficulty:  new(big.Int),
		BaseFee:     new(big.Int).Set(b.bctx.BaseFee),
		BlobBaseFee: eip4844.CalcBlobFee(b.cfg, header),
		Random:      &random,
	}
}

// State returns the builder's state, for end-of-block system calls (not
// after Finish).
func (b *BlockBuilder) State() *StateDB { return b.state }

// GasUsed returns the gas used by the transactions applied so far.
func (b *BlockBuilder) GasUsed() uint64 { return b.gp.CumulativeUsed() }

// DeferBlooms makes the receipts of the following ApplyTx calls get their
// log blooms in Finish, computed on two goroutines, instead of one by one
// on the caller's: the receipts ApplyTx returns have none until then. A
// block builder whose caller reads only Finish's result (a node building or
// verifying blocks) saves a keccak per log topic on its critical path.
func (b *BlockBuilder) DeferBlooms() {
	b.bloomsAtFinish = true
}

// ApplyTx executes tx as the next transaction of the block. An invalid
// transaction returns go-ethereum's error (possibly wrapped) and leaves the
// state and the block exactly as before. A reverted transaction is included
// with a failed receipt and no error.
func (b *BlockBuilder) ApplyTx(tx *types.Transaction) (*types.Receipt, error) {
	if b.finished {
		return nil, ErrBuilderFinished
	}
	msg, err := b.toMessage(tx)
	if err != nil {
		return nil, err
	}
	return b.applyMessage(tx, msg)
}

// applyMessage is ApplyTx for a transaction already turned into msg.
func (b *BlockBuilder) applyMessage(tx *types.Transaction, msg *core.Message) (*types.Receipt, error) {
	snapshot, gasPool := b.state.Snapshot(), b.gp.Snapshot()
	b.state.SetTxContext(tx.Hash(), len(b.txs), uint32(len(b.txs)+1))
	result, err := core.ApplyMessage(b.evm, msg, b.gp)
	if err == nil {
		err = b.state.Error()
	}
	if err != nil {
		b.state.RevertToSnapshot(snapshot)
		b.state.Finalise(b.rules)
		b.gp.Set(gasPool)
		return nil, err
	}
	logs := b.state.TxLogs()
	b.state.Finalise(b.rules)
	receipt := b.makeReceipt(tx, msg, result, logs)
	b.txs = append(b.txs, tx)
	b.receipts = append(b.receipts, receipt)
	return receipt, nil
}

// toMessage checks the transaction type and recovers the sender.
func (b *BlockBuilder) toMessage(tx *types.Transaction) (*core.Message, error) {
	switch tx.Type() {
	case types.LegacyTxType, types.AccessListTxType, types.DynamicFeeTxType, types.SetCodeTxType:
	default:
		return nil, fmt.Errorf("%w: type %d", core.ErrTxTypeNotSupported, tx.Type())
	}
	msg, err := messageOf(tx, b.signer, b.bctx.BaseFee)
	if err != nil {
		if _, serr := types.Sender(b.signer, tx); serr != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidSender, err)
		}
		return nil, err
	}
	return msg, nil
}

func (b *BlockBuilder) makeReceipt(tx *types.Transaction, msg *core.Message, res *core.ExecutionResult, logs []*types.Log) *types.Receipt {
	r := b.receiptWithoutBloom(tx, msg, res, logs)
	if !b.bloomsLater && !b.bloomsAtFinish {
		r.Bloom = b.blooms.logsBloom(r.Logs)
	}
	return r
}

// receiptWithoutBloom is makeReceipt but for the bloom, which depends only
// on the logs (the parallel executor computes it on its workers).
func (b *BlockBuilder) receiptWithoutBloom(tx *types.Transaction, msg *core.Message, res *core.ExecutionResult, logs []*types.Log) *types.Receipt {
	r := &types.Receipt{
		Type:              tx.Type(),
		Status:            types.ReceiptStatusSuccessful,
		CumulativeGasUsed: b.gp.CumulativeUsed(),
		TxHash:            tx.Hash(),
		GasUsed:           res.UsedGas,
		EffectiveGasPrice: msg.GasPrice.ToBig(),
		BlockNumber:       new(big.Int).SetUint64(b.bctx.Number),
		TransactionIndex:  uint(len(b.txs)),
		Logs:              b.indexLogs(logs),
	}
	if res.Failed() {
		r.Status = types.ReceiptStatusFailed
	}
	if tx.To() == nil {
		r.ContractAddress = crypto.CreateAddress(msg.From, tx.Nonce())
	}
	return r
}

// indexLogs gives logs their block-global indexes and block fields.
func (b *BlockBuilder) indexLogs(logs []*types.Log) []*types.Log {
	if logs == nil {
		logs = []*types.Log{}
	}
	for _, l := range logs {
		l.BlockNumber = b.bctx.Number
		l.BlockTimestamp = b.bctx.Time
		l.Index = b.logCount
		b.logCount++
	}
	return logs
}

// Finish credits the burned base fee to the fee vault, builds the system
// receipt and returns the block's result with its net state changes. The
// builder's state is spent afterwards: its hot accounts' slot maps go to
// the next block builder.
func (b *BlockBuilder) Finish() (*BlockResult, error) {
	if b.finished {
		return nil, ErrBuilderFinished
	}
	b.finished = true
	if b.bloomsAtFinish {
		fillBlooms(&b.blooms, b.receipts)
	}
	gasUsed := b.GasUsed()
	burned := new(uint256.Int).Mul(uint256.NewInt(gasUsed), uint256.MustFromBig(b.bctx.BaseFee))
	b.state.AddBalance(FeeVault, burned, tracing.BalanceIncreaseRewardTransactionFee)
	b.state.Finalise(b.rules)
	res := &BlockResult{Txs: b.txs, Receipts: b.receipts, GasUsed: gasUsed}
	var err error
	if b.changeWorkers > 1 { // the receipts' part beside the changes
		done := make(chan struct{})
		go func() {
			defer close(done)
			b.summarise(res)
		}()
		res.Changes, err = b.state.changes(b.changeWorkers)
		<-done
	} else {
		res.Changes, err = b.state.changes(1)
		b.summarise(res)
	}
	if err != nil {
		return nil, err
	}
	b.state.handOnSlotMaps()
	return res, nil
}

// summarise fills res's system receipt, logs and bloom from its receipts.
// It reads no state.
func (b *BlockBuilder) summarise(res *BlockResult) {
	res.SystemReceipt = b.systemReceipt(res.GasUsed)
	for _, r := range append(append([]*types.Receipt(nil), res.Receipts...), res.SystemReceipt) {
		res.Logs = append(res.Logs, r.Logs...)
	}
	res.Bloom = types.MergeBloom(append(types.Receipts(res.Receipts), res.SystemReceipt))
}

// systemReceipt wraps the end-of-block system logs in the block's synthetic
// receipt, placed after the last transaction.
func (b *BlockBuilder) systemReceipt(gasUsed uint64) *types.Receipt {
	hash := SystemTxHash(b.bctx.Number)
	for _, l := range b.SystemLogs {
		l.TxHash = hash
		l.TxIndex = uint(len(b.txs))
	}
	r := &types.Receipt{
		Type:              types.LegacyTxType,
		Status:            types.ReceiptStatusSuccessful,
		CumulativeGasUsed: gasUsed,
		TxHash:            hash,
		EffectiveGasPrice: new(big.Int),
		BlockNumber:       new(big.Int).SetUint64(b.bctx.Number),
		TransactionIndex:  uint(len(b.txs)),
		Logs:              b.indexLogs(b.SystemLogs),
	}
	r.Bloom = types.CreateBloom(r)
	return r
}

// SystemTxHash is the transaction hash of block number's system receipt:
// keccak256("hyperion-system" ‖ uint64 big-endian number).
func SystemTxHash(number uint64) common.Hash {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], number)
	return crypto.Keccak256Hash([]byte("hyperion-system"), n[:])
}
