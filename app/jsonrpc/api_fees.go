package jsonrpc

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"sync"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

// Fee oracle parameters (go-ethereum's gas price oracle defaults).
const (
	// tipSampleBlocks is how many recent blocks eth_maxPriorityFeePerGas samples.
	tipSampleBlocks = 20
	// tipSamplesPerBlock is how many of each block's lowest tips are sampled.
	tipSamplesPerBlock = 3
	// tipPercentile is the percentile of the samples suggested.
	tipPercentile = 60
	// maxFeeHistoryBlocks bounds eth_feeHistory's blockCount.
	maxFeeHistoryBlocks = 1024
	// maxRewardPercentiles bounds eth_feeHistory's percentile list.
	maxRewardPercentiles = 100
)

// SuggestedPriorityFee is the tip suggested while the sampled blocks hold no
// transactions: 1 gwei, the floor ethers v6 also falls back to.
var SuggestedPriorityFee = big.NewInt(params.GWei)

// MaxSuggestedPriorityFee caps the suggested tip (go-ethereum's 500 gwei).
var MaxSuggestedPriorityFee = big.NewInt(500 * params.GWei)

// tipCache remembers the suggestion for one head.
type tipCache struct {
	mu   sync.Mutex
	head uint64
	tip  *big.Int
}

// MaxPriorityFeePerGas suggests a tip from the effective tips of recent blocks: the
// 60th percentile of the three lowest tips of each of the last 20 blocks
// (eth_maxPriorityFeePerGas).
func (api *ethAPI) MaxPriorityFeePerGas() (*hexutil.Big, error) {
	tip, err := api.suggestTip()
	if err != nil {
		return nil, err
	}
	return (*hexutil.Big)(tip), nil
}

// GasPrice returns the base fee of the next block plus the suggested tip (eth_gasPrice),
// a legacy gas price that is included in the next block.
func (api *ethAPI) GasPrice() (*hexutil.Big, error) {
	baseFee, err := api.nextBaseFee()
	if err != nil {
		return nil, err
	}
	tip, err := api.suggestTip()
	if err != nil {
		return nil, err
	}
	return (*hexutil.Big)(new(big.Int).Add(baseFee, tip)), nil
}

// suggestTip computes (or returns the cached) tip suggestion for the current head.
func (api *ethAPI) suggestTip() (*big.Int, error) {
	head := api.backend.HeadNumber()
	api.tips.mu.Lock()
	defer api.tips.mu.Unlock()
	if api.tips.tip != nil && api.tips.head == head {
		return new(big.Int).Set(api.tips.tip), nil
	}
	var samples []*big.Int
	for i := uint64(0); i < tipSampleBlocks && i <= head; i++ {
		tips, err := api.blockTips(head - i)
		if err != nil {
			return nil, err
		}
		samples = append(samples, tips[:min(len(tips), tipSamplesPerBlock)]...)
	}
	tip := new(big.Int).Set(SuggestedPriorityFee)
	if len(samples) > 0 {
		slices.SortFunc(samples, func(a, b *big.Int) int { return a.Cmp(b) })
		tip.Set(samples[(len(samples)-1)*tipPercentile/100])
	}
	if tip.Cmp(MaxSuggestedPriorityFee) > 0 {
		tip.Set(MaxSuggestedPriorityFee)
	}
	api.tips.head, api.tips.tip = head, tip
	return new(big.Int).Set(tip), nil
}

// blockTips returns the effective tips of a block's transactions, ascending.
func (api *ethAPI) blockTips(n uint64) ([]*big.Int, error) {
	rewards, err := api.blockRewards(n)
	if err != nil {
		return nil, err
	}
	tips := make([]*big.Int, len(rewards.txs))
	for i, t := range rewards.txs {
		tips[i] = t.tip
	}
	return tips, nil
}

// txReward is one transaction's effective tip and gas used.
type txReward struct {
	tip     *big.Int
	gasUsed uint64
}

// blockReward is what eth_feeHistory needs of one block.
type blockReward struct {
	header  *types.Header
	txs     []txReward // ascending by tip
	gasUsed uint64     // sum of the transactions' gas used
}

// blockRewards reads a block's transactions and receipts and sorts their tips.
func (api *ethAPI) blockRewards(n uint64) (*blockReward, error) {
	header, err := api.backend.HeaderByNumber(n)
	if err != nil {
		return nil, err
	}
	txs, err := api.backend.BlockTxs(n)
	if err != nil {
		return nil, err
	}
	receipts, err := api.backend.BlockReceipts(n)
	if err != nil {
		return nil, err
	}
	if len(receipts) < len(txs) {
		return nil, errReceiptMismatch
	}
	out := &blockReward{header: header, txs: make([]txReward, len(txs))}
	baseFee := header.BaseFee
	if baseFee == nil {
		baseFee = new(big.Int)
	}
	for i, tx := range txs {
		tip, _ := tx.EffectiveGasTip(baseFee)
		if tip.Sign() < 0 {
			tip = new(big.Int)
		}
		out.txs[i] = txReward{tip: tip, gasUsed: receipts[i].GasUsed}
		out.gasUsed += receipts[i].GasUsed
	}
	slices.SortStableFunc(out.txs, func(a, b txReward) int { return a.tip.Cmp(b.tip) })
	return out, nil
}

// nextBaseFee returns the base fee of the block after the head: from the backend when it
// knows it, else by the EIP-1559 rule over the head header (zero before London headers).
func (api *ethAPI) nextBaseFee() (*big.Int, error) {
	if source, ok := api.backend.(NextBaseFeeSource); ok {
		return source.NextBaseFee()
	}
	head, err := api.backend.HeaderByNumber(api.backend.HeadNumber())
	if err != nil {
		return nil, err
	}
	return calcNextBaseFee(head), nil
}

// calcNextBaseFee applies the chain's default EIP-1559 rule to a header (the
// node itself answers through NextBaseFeeSource with its governed parameters).
func calcNextBaseFee(head *types.Header) *big.Int {
	if head.BaseFee == nil {
		return new(big.Int)
	}
	return evm.NextBaseFeeWith(head, evm.DefaultBaseFeeParams())
}

// feeHistoryResult is eth_feeHistory's answer.
type feeHistoryResult struct {
	OldestBlock  *hexutil.Big     `json:"oldestBlock"`
	Reward       [][]*hexutil.Big `json:"reward,omitempty"`
	BaseFee      []*hexutil.Big   `json:"baseFeePerGas,omitempty"`
	GasUsedRatio []float64        `json:"gasUsedRatio"`
}

// FeeHistory returns the base fees of blockCount blocks ending at lastBlock plus the
// next block's (blockCount+1 entries), their gas used ratios and, per requested
// percentile, the effective tip below which that share of the block's gas was paid
// (eth_feeHistory). blockCount may be an integer or a hex string.
func (api *ethAPI) FeeHistory(ctx context.Context, blockCount math.HexOrDecimal64, lastBlock rpc.BlockNumber,
	rewardPercentiles []float64) (*feeHistoryResult, error) {
	if err := checkPercentiles(rewardPercentiles); err != nil {
		return nil, err
	}
	last, ok, err := api.resolveNumber(lastBlock)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("request beyond head block: requested %d, head %d", last, api.backend.HeadNumber())
	}
	count := min(uint64(blockCount), maxFeeHistoryBlocks, last+1)
	if count == 0 {
		return &feeHistoryResult{OldestBlock: (*hexutil.Big)(new(big.Int)), GasUsedRatio: []float64{}}, nil
	}
	oldest := last + 1 - count
	res := &feeHistoryResult{OldestBlock: (*hexutil.Big)(new(big.Int).SetUint64(oldest))}
	for n := oldest; n <= last; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := api.addFeeHistoryBlock(res, n, rewardPercentiles); err != nil {
			return nil, err
		}
	}
	next, err := api.baseFeeAfter(last)
	if err != nil {
		return nil, err
	}
	res.BaseFee = append(res.BaseFee, (*hexutil.Big)(next))
	return res, nil
}

// addFeeHistoryBlock appends one block's base fee, gas ratio and rewards.
func (api *ethAPI) addFeeHistoryBlock(res *feeHistoryResult, n uint64, percentiles []float64) error {
	header, err := api.backend.HeaderByNumber(n)
	if err != nil {
		return err
	}
	baseFee := header.BaseFee
	if baseFee == nil {
		baseFee = new(big.Int)
	}
	res.BaseFee = append(res.BaseFee, (*hexutil.Big)(baseFee))
	ratio := 0.0
	if header.GasLimit > 0 {
		ratio = float64(header.GasUsed) / float64(header.GasLimit)
	}
	res.GasUsedRatio = append(res.GasUsedRatio, ratio)
	if len(percentiles) == 0 {
		return nil
	}
	rewards, err := api.blockRewards(n)
	if err != nil {
		return err
	}
	res.Reward = append(res.Reward, rewards.percentiles(percentiles))
	return nil
}

// percentiles returns, for each percentile p, the tip of the transaction at which the
// cumulative gas used (transactions sorted by tip) reaches p% of the block's gas;
// zeros for a block without transactions.
func (r *blockReward) percentiles(ps []float64) []*hexutil.Big {
	out := make([]*hexutil.Big, len(ps))
	if len(r.txs) == 0 {
		for i := range out {
			out[i] = (*hexutil.Big)(new(big.Int))
		}
		return out
	}
	idx, sum := 0, r.txs[0].gasUsed
	for i, p := range ps {
		threshold := uint64(float64(r.gasUsed) * p / 100)
		for sum < threshold && idx < len(r.txs)-1 {
			idx++
			sum += r.txs[idx].gasUsed
		}
		out[i] = (*hexutil.Big)(new(big.Int).Set(r.txs[idx].tip))
	}
	return out
}

// baseFeeAfter returns the base fee of block n+1: its header's when committed, else
// the next base fee by the chain's rule.
func (api *ethAPI) baseFeeAfter(n uint64) (*big.Int, error) {
	if n < api.backend.HeadNumber() {
		header, err := api.backend.HeaderByNumber(n + 1)
		if err != nil {
			return nil, err
		}
		if header.BaseFee != nil {
			return header.BaseFee, nil
		}
		return new(big.Int), nil
	}
	return api.nextBaseFee()
}

// checkPercentiles validates reward percentiles as go-ethereum does.
func checkPercentiles(ps []float64) error {
	if len(ps) > maxRewardPercentiles {
		return &invalidParamsError{fmt.Sprintf("too many reward percentiles: %d (the cap is %d)", len(ps), maxRewardPercentiles)}
	}
	for i, p := range ps {
		if p < 0 || p > 100 {
			return &invalidParamsError{fmt.Sprintf("invalid reward percentile: %f", p)}
		}
		if i > 0 && p <= ps[i-1] {
			return &invalidParamsError{fmt.Sprintf("invalid reward percentile: #%d:%f >= #%d:%f", i-1, ps[i-1], i, p)}
		}
	}
	return nil
}
