package evm

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"

	"github.com/hyperion-rollup/hyperion/x/evm/blockstm"
	"github.com/hyperion-rollup/hyperion/x/store"
)

// ParallelOptions tune ExecuteParallelWithOptions. Zero fields take defaults.
type ParallelOptions struct {
	// Workers is the number of executing goroutines (default: GOMAXPROCS).
	Workers int
	// MinTxs is the smallest block executed in parallel; smaller blocks run
	// sequentially (default: max(8, 2*Workers); negative: always parallel).
	MinTxs int
	// ExtraExecutions bounds the re-executions of the parallel phase (default
	// len(txs)/4 + 2*Workers); past it the rest of the block runs in order.
	ExtraExecutions int
	// Yield is called before every versioned read (tests inject yields).
	Yield func()
}

// ParallelStats reports how a block was executed.
type ParallelStats struct {
	blockstm.Stats
	Txs        int
	Sequential string // why the block ran sequentially ("" when parallel)
}

// ExecuteParallel executes txs as one block with Block-STM on workers
// goroutines. The result and the per-transaction errors (nil: included) are
// exactly those of NewBlockBuilder, ApplyTx on every transaction in order,
// and Finish. r must be safe for concurrent reads and hashes for concurrent
// calls.
func ExecuteParallel(cfg *params.ChainConfig, r store.Reader, bctx BlockContext, hashes func(uint64) common.Hash, txs []*types.Transaction, workers int) (*BlockResult, []error, error) {
	b, errs, _, err := ParallelBuilder(cfg, r, bctx, hashes, txs, ParallelOptions{Workers: workers})
	if err != nil {
		return nil, nil, err
	}
	res, err := b.Finish()
	if err != nil {
		return nil, nil, err
	}
	return res, errs, nil
}

// ParallelBuilder executes txs like ExecuteParallel and returns the builder
// positioned after them, so end-of-block system calls, SystemLogs, further
// ApplyTx calls and Finish work as after sequential execution.
func ParallelBuilder(cfg *params.ChainConfig, r store.Reader, bctx BlockContext, hashes func(uint64) common.Hash, txs []*types.Transaction, opts ParallelOptions) (*BlockBuilder, []error, *ParallelStats, error) {
	b, err := NewBlockBuilder(cfg, r, bctx, hashes)
	if err != nil {
		return nil, nil, nil, err
	}
	opts = opts.withDefaults(len(txs))
	stats := &ParallelStats{Txs: len(txs)}
	if why := sequentialReason(bctx, txs, opts); why != "" {
		stats.Sequential = why
		errs, err := applySequential(b, txs)
		return b, errs, stats, err
	}
	p := newParallelBlock(b, r, hashes, txs)
	engine := blockstm.NewEngine(len(txs), p.execute, blockstm.Options{
		Workers: opts.Workers, ExecutionBudget: len(txs) + opts.ExtraExecutions, Yield: opts.Yield,
	})
	p.seedSenderChains(engine.Memory())
	st, err := engine.Run()
	stats.Stats = st
	if err != nil {
		return nil, nil, stats, err
	}
	errs, err := p.assemble()
	return b, errs, stats, err
}

func (o ParallelOptions) withDefaults(n int) ParallelOptions {
	if o.Workers < 1 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.MinTxs == 0 {
		o.MinTxs = max(8, 2*o.Workers)
	}
	if o.ExtraExecutions <= 0 {
		o.ExtraExecutions = n/4 + 2*o.Workers
	}
	return o
}

// sequentialReason says why a block must run sequentially, or "".
func sequentialReason(bctx BlockContext, txs []*types.Transaction, opts ParallelOptions) string {
	if len(txs) == 0 || len(txs) < opts.MinTxs {
		return "small block"
	}
	// Each transaction gets its own gas pool of the block's limit; that
	// equals one shared pool only when every gas limit fits at once.
	var sum uint64
	for _, tx := range txs {
		if sum += tx.Gas(); sum > bctx.GasLimit || sum < tx.Gas() {
			return "gas limits exceed the block"
		}
	}
	return ""
}

func applySequential(b *BlockBuilder, txs []*types.Transaction) ([]error, error) {
	errs := make([]error, len(txs))
	for i, tx := range txs {
		_, errs[i] = b.ApplyTx(tx)
		if err := b.state.Error(); err != nil {
			return nil, err
		}
	}
	return errs, nil
}

// parallelBlock is the state shared by the incarnations of one block.
type parallelBlock struct {
	b        *BlockBuilder
	hashes   func(uint64) common.Hash
	txs      []*types.Transaction
	msgs     []*core.Message
	msgErrs  []error
	base     *baseState
	outcomes []txOutcome // written by the latest incarnation of each tx
}

// txOutcome is what an incarnation produced, kept for the in-order pass.
type txOutcome struct {
	err      error // validation error: the transaction is not included
	result   *core.ExecutionResult
	logs     []*types.Log
	accounts []accountWrite
	vault    parallelFee
}

func newParallelBlock(b *BlockBuilder, r store.Reader, hashes func(uint64) common.Hash, txs []*types.Transaction) *parallelBlock {
	p := &parallelBlock{
		b: b, hashes: hashes, txs: txs,
		msgs: make([]*core.Message, len(txs)), msgErrs: make([]error, len(txs)),
		outcomes: make([]txOutcome, len(txs)),
	}
	for i, tx := range txs {
		p.msgs[i], p.msgErrs[i] = b.toMessage(tx)
	}
	p.base = newBaseState(r, capturePrelude(b.state))
	return p
}

// capturePrelude copies what the block's opening system call wrote.
func capturePrelude(s *StateDB) map[common.Address]*preludeAccount {
	out := make(map[common.Address]*preludeAccount)
	for addr, obj := range s.objects {
		if !obj.mutated {
			continue
		}
		a := &preludeAccount{cleared: obj.cleared, slots: make(map[common.Hash]common.Hash, len(obj.pending))}
		if obj.acct.exists {
			a.baseAccount = baseAccount{exists: true, acct: Account{Nonce: obj.acct.nonce, Balance: obj.acct.balance, CodeHash: obj.acct.codeHash}}
		}
		for k, v := range obj.pending {
			a.slots[k] = v
		}
		out[addr] = a
	}
	return out
}

// seedSenderChains marks the nonce and balance of a sender as written by
// each of its transactions but the last, so later ones wait for it.
func (p *parallelBlock) seedSenderChains(mv *blockstm.MVMemory) {
	last := make(map[common.Address]int)
	for i, msg := range p.msgs {
		if p.msgErrs[i] != nil {
			continue
		}
		if j, ok := last[msg.From]; ok {
			mv.SeedEstimates(j, []blockstm.Key{
				blockstm.NewKey(blockstm.KindNonce, msg.From, common.Hash{}),
				blockstm.NewKey(blockstm.KindBalance, msg.From, common.Hash{}),
			})
		}
		last[msg.From] = i
	}
}

// execute runs one incarnation of transaction v.TxIndex.
func (p *parallelBlock) execute(v blockstm.Version, view *blockstm.View) ([]blockstm.Write, error) {
	i := v.TxIndex
	if p.msgErrs[i] != nil {
		p.outcomes[i] = txOutcome{err: p.msgErrs[i]}
		return nil, nil
	}
	tv := &txView{base: p.base, view: view}
	ps := &parallelState{StateDB: NewStateDB(tv)}
	evm := vm.NewEVM(p.b.evmContext(p.hashes), ps, p.b.cfg, vm.Config{})
	tv.evm = evm
	ps.SetTxContext(p.txs[i].Hash(), i, uint32(i+1))
	result, err := core.ApplyMessage(evm, p.msgs[i], core.NewGasPool(p.b.bctx.GasLimit))
	switch {
	case tv.dep != nil:
		return nil, tv.dep
	case tv.err != nil:
		return nil, fmt.Errorf("tx %d: %w", i, tv.err)
	case err != nil:
		p.outcomes[i] = txOutcome{err: err}
		return nil, nil
	}
	logs := ps.TxLogs()
	ps.Finalise(p.b.rules)
	out := txOutcome{result: result, logs: logs, vault: parallelFee{amount: ps.vaultDelta}}
	writes := p.collect(i, ps.StateDB, &out)
	if !ps.vaultDelta.IsZero() {
		writes = append(writes, blockstm.Write{Key: blockstm.NewKey(blockstm.KindBalance, FeeVault, common.Hash{}), Word: ps.vaultDelta.Bytes32(), Delta: true})
	}
	p.outcomes[i] = out
	return writes, nil
}

// assemble is the in-order pass: it applies every included transaction's
// writes to the builder's state and builds receipts, gas and log indexes.
func (p *parallelBlock) assemble() ([]error, error) {
	b := p.b
	errs := make([]error, len(p.txs))
	for i, tx := range p.txs {
		o := &p.outcomes[i]
		if o.err != nil {
			errs[i] = o.err
			continue
		}
		msg := p.msgs[i]
		applyAccountWrites(b.state, o.accounts)
		o.vault.credit(b.state)
		if err := b.gp.CheckGasLegacy(msg.GasLimit); err != nil {
			return nil, err
		}
		if err := b.gp.ChargeGasLegacy(msg.GasLimit-o.result.UsedGas, o.result.UsedGas); err != nil {
			return nil, err
		}
		for _, l := range o.logs {
			l.TxIndex = uint(len(b.txs))
		}
		b.receipts = append(b.receipts, b.makeReceipt(tx, msg, o.result, o.logs))
		b.txs = append(b.txs, tx)
	}
	b.state.Finalise(b.rules)
	return errs, b.state.Error()
}

func sortedAddrs(objects map[common.Address]*stateObject) []common.Address {
	addrs := make([]common.Address, 0, len(objects))
	for addr, obj := range objects {
		if obj.mutated {
			addrs = append(addrs, addr)
		}
	}
	slices.SortFunc(addrs, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
	return addrs
}
