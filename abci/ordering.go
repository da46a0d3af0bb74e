package abci

import (
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// ErrPlaintextOrder means the plaintext lane is not in the order the rule
// gives: at every step the highest effective tip among each sender's next
// tx, ties broken by the lower tx hash.
var ErrPlaintextOrder = errors.New("proposal: plaintext lane out of fee order")

// checkPlaintextOrder replays the proposer's greedy merge over the included
// txs and requires the same sequence. A proposer that skipped a sender's
// later txs (block full, invalid) still passes: skipped txs are not in the
// merge, and every pick was the best head among the senders that remained.
func checkPlaintextOrder(txs []*types.Transaction, baseFee, chainID *big.Int) error {
	signer := types.LatestSignerForChainID(chainID)
	queues := map[common.Address][]int{}
	var first []int
	for i, tx := range txs {
		from, err := types.Sender(signer, tx)
		if err != nil {
			return fmt.Errorf("%w: tx %d: %v", ErrPlaintextOrder, i, err)
		}
		if len(queues[from]) == 0 {
			first = append(first, i)
		}
		queues[from] = append(queues[from], i)
	}
	h := &headHeap{}
	for _, i := range first {
		h.items = append(h.items, head{idx: i, tip: effectiveTip(txs[i], baseFee), hash: txs[i].Hash()})
	}
	heap.Init(h)
	senderOf := func(i int) common.Address { from, _ := types.Sender(signer, txs[i]); return from }
	for pos := range txs {
		best := heap.Pop(h).(head)
		if best.idx != pos {
			return fmt.Errorf("%w: position %d holds %s, the rule picks %s", ErrPlaintextOrder, pos, txs[pos].Hash(), best.hash)
		}
		from := senderOf(pos)
		q := queues[from][1:]
		queues[from] = q
		if len(q) > 0 {
			heap.Push(h, head{idx: q[0], tip: effectiveTip(txs[q[0]], baseFee), hash: txs[q[0]].Hash()})
		}
	}
	return nil
}

// head is one sender's next tx in the merge.
type head struct {
	idx  int
	tip  *big.Int
	hash common.Hash
}

// headHeap orders heads by higher effective tip, then lower hash.
type headHeap struct {
	items []head
}

func (h *headHeap) Len() int { return len(h.items) }
func (h *headHeap) Less(i, j int) bool {
	if c := h.items[i].tip.Cmp(h.items[j].tip); c != 0 {
		return c > 0
	}
	return bytes.Compare(h.items[i].hash[:], h.items[j].hash[:]) < 0
}
func (h *headHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *headHeap) Push(x any)    { h.items = append(h.items, x.(head)) }
func (h *headHeap) Pop() any {
	last := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return last
}

func effectiveTip(tx *types.Transaction, baseFee *big.Int) *big.Int {
	tip, err := tx.EffectiveGasTip(baseFee)
	if err != nil {
		return new(big.Int) // below the base fee: such a tx fails execution anyway
	}
	return tip
}
