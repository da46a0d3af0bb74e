package abci

import (
	"crypto/sha256"
	"encoding/binary"
	"runtime"
	"sync"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/core/types"
)

// preparedProposal is the block this node proposed last: when the same block
// comes back to ProcessProposal it is not executed a second time.
type preparedProposal struct {
	height int64
	time   time.Time
	digest [32]byte
	p      *proposal
}

// ownProposal returns the prepared execution of req's block if this node
// built exactly that block at that height and time, else nil.
func (a *App) ownProposal(req *abcitypes.RequestProcessProposal) (*proposal, error) {
	pp := a.prepared
	a.prepared = nil
	if pp == nil || pp.height != req.Height || !pp.time.Equal(req.Time) || pp.digest != txsDigest(req.Txs) {
		return nil, nil
	}
	pp.p.mode = modeVerify
	return pp.p, nil
}

// txsDigest commits to a block's tx list.
func txsDigest(txs [][]byte) [32]byte {
	h := sha256.New()
	var n [8]byte
	for _, tx := range txs {
		binary.BigEndian.PutUint64(n[:], uint64(len(tx)))
		h.Write(n[:])
		h.Write(tx)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// recoverSenders recovers the senders of a block's Ethereum txs on all CPUs
// before the sequential pass; the txs cache them, so execution and the order
// check do not repeat the work. Results do not depend on scheduling.
func (p *proposal) recoverSenders(items []item) {
	signer := types.MakeSigner(p.app.chain.evmConfig, p.builderNumber(), p.bctx.Time)
	work := make(chan *types.Transaction)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for tx := range work {
				_, _ = types.Sender(signer, tx) // errors surface again in ApplyTx
			}
		}()
	}
	for _, it := range items {
		if it.eth != nil {
			work <- it.eth
		}
	}
	close(work)
	wg.Wait()
}
