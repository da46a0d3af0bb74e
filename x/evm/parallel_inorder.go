// The in-order paths of the parallel executor: blocks it runs without the
// engine, for a reason of the block or of the executor's history.

package evm

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"

	"github.com/hyperion-rollup/hyperion/x/store"
)

// runInOrder executes the block in order on b with apply, for the reason
// why, and records its cost per gas in costs (nil: none).
func runInOrder(b *BlockBuilder, txs []*types.Transaction, stats *ParallelStats, why string, costs *CostHistory,
	apply func(*BlockBuilder, []*types.Transaction) ([]error, error)) ([]error, error) {
	start := time.Now()
	stats.Sequential = why
	errs, err := apply(b, txs)
	if err == nil {
		costs.record(true, b.GasUsed(), time.Since(start))
	}
	return errs, err
}

// rerunSequential executes the block again, in order, on a fresh builder:
// the parallel phase reached a BlockPrecompile, whose per-block meter is
// exact only in order. Blocks that call the inference precompile pay this
// (the parallel attempt stops at the first such call).
func rerunSequential(cfg *params.ChainConfig, r store.Reader, bctx BlockContext, hashes func(uint64) common.Hash, txs []*types.Transaction, stats *ParallelStats) (*BlockBuilder, []error, *ParallelStats, error) {
	stats.Sequential = "block precompile reached"
	b, err := NewBlockBuilder(cfg, r, bctx, hashes)
	if err != nil {
		return nil, nil, stats, err
	}
	errs, err := applyPipelined(b, txs)
	return b, errs, stats, err
}

// applyPipelined is applySequential with the transactions turned into
// messages (sender, fee fields) on one more goroutine, ahead of the one
// executing them: the conversion leaves the critical path. The results are
// ApplyTx's.
func applyPipelined(b *BlockBuilder, txs []*types.Transaction) ([]error, error) {
	if runtime.GOMAXPROCS(0) == 1 {
		return applySequential(b, txs)
	}
	var msgs messagesAhead
	msgs.start(b, txs, 1, 0)
	defer msgs.wait()
	errs := make([]error, len(txs))
	if err := applyAhead(b, txs, &msgs, 0, errs); err != nil {
		return nil, err
	}
	return errs, nil
}

// applyAhead executes txs in order on b as ApplyTx would, with the messages
// msgs makes (the message of txs[i] at msgs' index first+i), writing each
// transaction's error (nil: included) into errs; the receipts' blooms are
// computed at the end, on two goroutines. A store error fails the block.
func applyAhead(b *BlockBuilder, txs []*types.Transaction, msgs *messagesAhead, first int, errs []error) error {
	blooms := b.bloomsAfter()
	defer blooms()
	return applyAll(b, txs, msgs, first, errs)
}

// applyAll is applyAhead leaving the receipts' blooms to the caller's
// choice (see BlockBuilder.bloomsLater).
func applyAll(b *BlockBuilder, txs []*types.Transaction, msgs *messagesAhead, first int, errs []error) error {
	for i, tx := range txs {
		if err := applyMade(b, tx, msgs, first+i, &errs[i]); err != nil {
			return err
		}
	}
	return nil
}

// applyMade applies tx, whose message msgs makes at index i, on b as
// ApplyTx would, setting *txErr to its error (nil: included); it returns a
// store error, which fails the block.
func applyMade(b *BlockBuilder, tx *types.Transaction, msgs *messagesAhead, i int, txErr *error) error {
	msg, err := msgs.get(i)
	if *txErr = err; err == nil {
		_, *txErr = b.applyMessage(tx, msg)
	}
	return b.state.Error()
}

// messageStripe is how many consecutive transactions one message maker
// turns into messages before moving on by the makers' count: the first
// ones are ready first, and makers write apart.
const messageStripe = 64

// messagesAhead turns a block's transactions into messages (sender, fee
// fields) on background goroutines, in about the order they are applied,
// while the caller applies them: get waits for one not made yet.
type messagesAhead struct {
	msgs   []*core.Message
	errs   []error
	made   []atomic.Bool // msgs[i] and errs[i] are set
	makers sync.WaitGroup
}

// start begins making the messages of txs on k goroutines. With split
// inside the block (a head lane's length) half of them start at split, so
// that both lanes find their first messages made. Call wait before the
// block returns.
func (m *messagesAhead) start(b *BlockBuilder, txs []*types.Transaction, k, split int) {
	m.msgs, m.errs, m.made = make([]*core.Message, len(txs)), make([]error, len(txs)), make([]atomic.Bool, len(txs))
	k = max(k, 1)
	if k < 2 || split <= 0 || split >= len(txs) {
		m.stripe(b, txs, 0, len(txs), k)
		return
	}
	m.stripe(b, txs, 0, split, k/2)
	m.stripe(b, txs, split, len(txs), k-k/2)
}

// stripe makes the messages of txs[from:to] on k goroutines, each taking
// every k-th run of messageStripe of them.
func (m *messagesAhead) stripe(b *BlockBuilder, txs []*types.Transaction, from, to, k int) {
	m.makers.Add(k)
	for g := range k {
		go func() {
			defer m.makers.Done()
			for lo := from + g*messageStripe; lo < to; lo += k * messageStripe {
				for i := lo; i < min(lo+messageStripe, to); i++ {
					m.msgs[i], m.errs[i] = b.toMessage(txs[i]) // reads only the builder's signer and base fee
					m.made[i].Store(true)
				}
			}
		}()
	}
}

// get returns transaction i's message or ApplyTx's error for it, waiting
// until it is made.
func (m *messagesAhead) get(i int) (*core.Message, error) {
	for !m.made[i].Load() {
		runtime.Gosched()
	}
	return m.msgs[i], m.errs[i]
}

// wait returns once every maker is done.
func (m *messagesAhead) wait() { m.makers.Wait() }

// bloomsAfter leaves the blooms of the receipts of the transactions applied
// from now on to the returned function, which computes them on two
// goroutines (unless Finish will).
func (b *BlockBuilder) bloomsAfter() (fill func()) {
	first := len(b.receipts)
	b.bloomsLater = true
	return func() {
		b.bloomsLater = false
		if !b.bloomsAtFinish {
			fillBlooms(&b.blooms, b.receipts[first:])
		}
	}
}

// fillBlooms computes the blooms of receipts that have logs, half of them
// on another goroutine (with its own cache).
func fillBlooms(c *bloomCache, receipts []*types.Receipt) {
	half := len(receipts) / 2
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var own bloomCache
		setBlooms(&own, receipts[half:])
	}()
	setBlooms(c, receipts[:half])
	wg.Wait()
}

// setBlooms computes the blooms of the receipts that have logs with c.
func setBlooms(c *bloomCache, receipts []*types.Receipt) {
	for _, r := range receipts {
		if len(r.Logs) > 0 {
			r.Bloom = c.logsBloom(r.Logs)
		}
	}
}

// applySequential applies txs one by one with ApplyTx and returns their
// errors (nil: included); a store error fails the block.
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
