package jsonrpc

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Bounds of a log query, as go-ethereum's filter system sets them.
const (
	maxQueryAddresses = 1000 // addresses in one query
	maxQueryTopics    = 4    // topic positions (LOG4)
	maxTopicOptions   = 1000 // alternatives at one topic position
)

// Errors of log query parameters.
var (
	errBlockHashWithRange = errors.New("cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other")
	errTooManyAddresses   = fmt.Errorf("exceed max addresses: %d", maxQueryAddresses)
	errTooManyTopics      = fmt.Errorf("exceed max topics: %d", maxQueryTopics)
	errTooManyTopicOpts   = fmt.Errorf("exceed max sub topics: %d", maxTopicOptions)
	errInvalidBlockRange  = errors.New("invalid block range params")
)

// logQuery is the filter object of eth_getLogs, eth_newFilter and eth_subscribe("logs"):
// either a block range or one block hash, plus address and topic criteria. An empty
// address list matches every address; an empty topic position matches every topic.
type logQuery struct {
	BlockHash *common.Hash
	FromBlock *rpc.BlockNumber
	ToBlock   *rpc.BlockNumber
	Addresses []common.Address
	Topics    [][]common.Hash
}

// logQueryJSON is the wire form: address and each topic may be one value or a list.
type logQueryJSON struct {
	BlockHash *common.Hash      `json:"blockHash"`
	FromBlock *rpc.BlockNumber  `json:"fromBlock"`
	ToBlock   *rpc.BlockNumber  `json:"toBlock"`
	Address   json.RawMessage   `json:"address"`
	Topics    []json.RawMessage `json:"topics"`
}

// UnmarshalJSON parses and bounds a filter object.
func (q *logQuery) UnmarshalJSON(data []byte) error {
	var raw logQueryJSON
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	if raw.BlockHash != nil && (raw.FromBlock != nil || raw.ToBlock != nil) {
		return errBlockHashWithRange
	}
	addrs, err := decodeOneOrMany[common.Address](raw.Address)
	if err != nil {
		return fmt.Errorf("invalid address: %w", err)
	}
	if len(addrs) > maxQueryAddresses {
		return errTooManyAddresses
	}
	topics, err := decodeTopics(raw.Topics)
	if err != nil {
		return err
	}
	*q = logQuery{BlockHash: raw.BlockHash, FromBlock: raw.FromBlock, ToBlock: raw.ToBlock, Addresses: addrs, Topics: topics}
	return nil
}

// decodeTopics parses the topic positions: null, one hash, or a list of hashes each.
func decodeTopics(raw []json.RawMessage) ([][]common.Hash, error) {
	if len(raw) > maxQueryTopics {
		return nil, errTooManyTopics
	}
	topics := make([][]common.Hash, len(raw))
	for i, position := range raw {
		options, err := decodeOneOrMany[common.Hash](position)
		if err != nil {
			return nil, fmt.Errorf("invalid topic %d: %w", i, err)
		}
		if len(options) > maxTopicOptions {
			return nil, errTooManyTopicOpts
		}
		topics[i] = options
	}
	return topics, nil
}

// decodeOneOrMany parses null (none), a single value or a list of values. A list
// element that is null is skipped, as go-ethereum does for topics.
func decodeOneOrMany[T any](raw json.RawMessage) ([]T, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] != '[' {
		var one T
		if err := json.Unmarshal(raw, &one); err != nil {
			return nil, err
		}
		return []T{one}, nil
	}
	var many []*T
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, err
	}
	out := make([]T, 0, len(many))
	for _, v := range many {
		if v != nil {
			out = append(out, *v)
		}
	}
	return out, nil
}

// bloomMatches reports whether a block with this bloom may hold a matching log: a
// false answer is exact, a true one must be checked on the logs.
func (q *logQuery) bloomMatches(bloom types.Bloom) bool {
	if len(q.Addresses) > 0 && !anyInBloom(bloom, q.Addresses, func(a common.Address) []byte { return a[:] }) {
		return false
	}
	for _, options := range q.Topics {
		if len(options) > 0 && !anyInBloom(bloom, options, func(h common.Hash) []byte { return h[:] }) {
			return false
		}
	}
	return true
}

func anyInBloom[T any](bloom types.Bloom, values []T, bytesOf func(T) []byte) bool {
	for _, v := range values {
		if bloom.Test(bytesOf(v)) {
			return true
		}
	}
	return false
}

// matches reports whether one log satisfies the address and topic criteria.
func (q *logQuery) matches(l *types.Log) bool {
	if len(q.Addresses) > 0 && !containsValue(q.Addresses, l.Address) {
		return false
	}
	if len(q.Topics) > len(l.Topics) {
		return false
	}
	for i, options := range q.Topics {
		if len(options) > 0 && !containsValue(options, l.Topics[i]) {
			return false
		}
	}
	return true
}

func containsValue[T comparable](values []T, v T) bool {
	for _, w := range values {
		if w == v {
			return true
		}
	}
	return false
}

// filterLogs returns the logs of receipts that match q, in block order.
func (q *logQuery) filterLogs(receipts []*types.Receipt) []*types.Log {
	var out []*types.Log
	for _, r := range receipts {
		for _, l := range r.Logs {
			if q.matches(l) {
				out = append(out, l)
			}
		}
	}
	return out
}
