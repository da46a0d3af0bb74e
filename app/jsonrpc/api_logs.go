package jsonrpc

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Caps of one log query. A range query scans at most MaxLogBlockRange blocks
// (to - from + 1) and returns at most MaxLogResults logs; a blockHash query reads one
// block and is not range-checked.
const (
	MaxLogBlockRange = 10_000
	MaxLogResults    = 20_000
)

// errCodeLimitExceeded is EIP-1474's "limit exceeded" code, used by providers for
// log range caps.
const errCodeLimitExceeded = -32005

// limitError is a -32005 error whose message names the cap that was exceeded.
type limitError struct{ message string }

// Error returns the message.
func (e *limitError) Error() string { return e.message }

// ErrorCode returns -32005.
func (e *limitError) ErrorCode() int { return errCodeLimitExceeded }

// GetLogs returns the logs matching a filter object, the system receipt's logs included
// (eth_getLogs).
func (api *ethAPI) GetLogs(ctx context.Context, q logQuery) ([]*types.Log, error) {
	if q.BlockHash != nil {
		head, err := api.headerByHash(*q.BlockHash)
		if err != nil {
			return nil, err
		}
		if head == nil {
			return nil, errUnknownBlock
		}
		return api.blockLogs(head, &q)
	}
	from, to, err := api.resolveRange(q.FromBlock, q.ToBlock)
	if err != nil {
		return nil, err
	}
	if from > to {
		return []*types.Log{}, nil
	}
	return api.rangeLogs(ctx, from, to, &q)
}

// errUnknownBlock is go-ethereum's answer to a blockHash log query for an unknown block.
var errUnknownBlock = &invalidParamsError{"unknown block"}

// resolveRange maps fromBlock/toBlock (latest when omitted) to heights capped at the head.
func (api *ethAPI) resolveRange(fromTag, toTag *rpc.BlockNumber) (from, to uint64, err error) {
	headNum := api.backend.HeadNumber()
	resolve := func(tag *rpc.BlockNumber) (uint64, error) {
		if tag == nil {
			return headNum, nil
		}
		n, _, err := api.resolveNumber(*tag)
		return n, err
	}
	if from, err = resolve(fromTag); err != nil {
		return 0, 0, err
	}
	if to, err = resolve(toTag); err != nil {
		return 0, 0, err
	}
	to = min(to, headNum) // a from above the head gives an empty range
	if fromTag != nil && toTag != nil && *fromTag >= 0 && *toTag >= 0 && *fromTag > *toTag {
		return 0, 0, &invalidParamsError{errInvalidBlockRange.Error()}
	}
	return from, to, nil
}

// rangeLogs scans blocks from..to: the header bloom first, the receipts only of blocks
// whose bloom may match.
func (api *ethAPI) rangeLogs(ctx context.Context, from, to uint64, q *logQuery) ([]*types.Log, error) {
	if to-from+1 > MaxLogBlockRange {
		return nil, &limitError{fmt.Sprintf("block range too large: %d blocks requested, the cap is %d blocks (to - from + 1)",
			to-from+1, MaxLogBlockRange)}
	}
	out := []*types.Log{}
	for n := from; n <= to; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		head, err := api.backend.HeaderByNumber(n)
		if err != nil {
			return nil, fmt.Errorf("block %d: %w", n, err)
		}
		if !q.bloomMatches(head.Bloom) {
			continue
		}
		logs, err := api.blockLogs(head, q)
		if err != nil {
			return nil, err
		}
		if out = append(out, logs...); len(out) > MaxLogResults {
			return nil, &limitError{fmt.Sprintf("query returned more than %d results; the cap is %d logs, narrow the block range or the filter",
				MaxLogResults, MaxLogResults)}
		}
	}
	return out, nil
}

// blockLogs returns the matching logs of one block.
func (api *ethAPI) blockLogs(head *types.Header, q *logQuery) ([]*types.Log, error) {
	receipts, err := api.backend.BlockReceipts(head.Number.Uint64())
	if err != nil {
		return nil, err
	}
	logs := q.filterLogs(receipts)
	if logs == nil {
		logs = []*types.Log{}
	}
	return logs, nil
}
