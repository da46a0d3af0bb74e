package app

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/hyperion-rollup/hyperion/app/jsonrpc"
	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
)

// headerCacheSize is how many headers the RPC backend keeps decoded: enough for
// an eth_getLogs bloom scan over jsonrpc.MaxLogBlockRange blocks to stay in memory.
const headerCacheSize = 2 * jsonrpc.MaxLogBlockRange

// errRecordHeader reports a block record whose header cannot be split out.
var errRecordHeader = errors.New("block record header")

func newHeaderCache() *lru.Cache[uint64, *types.Header] {
	cache, _ := lru.New[uint64, *types.Header](headerCacheSize)
	return cache
}

// header returns the header of committed block n, decoding only the header
// part of the block record (a log scan reads the bloom of many blocks and the
// bodies of few).
func (b *rpcBackend) header(n uint64) (*types.Header, error) {
	if n > b.HeadNumber() {
		return nil, jsonrpc.ErrBlockNotFound
	}
	if rec, ok := b.records.Peek(int64(n)); ok {
		return rec.Header, nil
	}
	if h, ok := b.headers.Get(n); ok {
		return h, nil
	}
	payload, err := b.index.Block(int64(n))
	if errors.Is(err, store.ErrNotFound) {
		return nil, jsonrpc.ErrBlockNotFound
	} else if err != nil {
		return nil, err
	}
	h, err := decodeRecordHeader(payload)
	if err != nil {
		return nil, fmt.Errorf("decode header %d: %w", n, err)
	}
	b.headers.Add(n, h)
	return h, nil
}

// decodeRecordHeader decodes the first field of an evm block record (version
// byte, then an RLP list whose first element is the header).
func decodeRecordHeader(payload []byte) (*types.Header, error) {
	if len(payload) == 0 || len(payload) > evm.MaxBlockRecordSize {
		return nil, errRecordHeader
	}
	content, _, err := rlp.SplitList(payload[1:])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errRecordHeader, err)
	}
	_, _, rest, err := rlp.Split(content)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errRecordHeader, err)
	}
	h := new(types.Header)
	if err := rlp.DecodeBytes(content[:len(content)-len(rest)], h); err != nil {
		return nil, fmt.Errorf("%w: %v", errRecordHeader, err)
	}
	if h.Number == nil {
		return nil, errRecordHeader
	}
	return h, nil
}
