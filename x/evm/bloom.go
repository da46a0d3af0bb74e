package evm

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// maxBloomItems bounds the items a bloom cache keeps (a block's
// transactions choose them).
const maxBloomItems = 256

// bloomItem is a log address (n = 20) or topic (n = 32).
type bloomItem struct {
	data [common.HashLength]byte
	n    uint8
}

// bloomBits are the (at most three) bytes an item sets in a bloom.
type bloomBits struct {
	n    uint8
	at   [3]uint8
	mask [3]byte
}

// bloomCache computes receipt blooms, remembering the bits of the log
// addresses and event signatures (first topics) it met: a block's logs
// repeat them (one token contract, one Transfer event), and each costs a
// keccak. Its result equals types.CreateBloom's. It is used by one
// goroutine: a block builder's in-order path, or one parallel worker.
type bloomCache struct {
	index map[bloomItem]bloomBits
}

// logsBloom returns the bloom of a receipt with logs.
func (c *bloomCache) logsBloom(logs []*types.Log) types.Bloom {
	var bin types.Bloom
	for _, log := range logs {
		c.add(&bin, log.Address[:])
		for k := range log.Topics {
			if k == 0 {
				c.add(&bin, log.Topics[k][:])
			} else {
				bin.Add(log.Topics[k][:])
			}
		}
	}
	return bin
}

// add sets the bits of d (20 or 32 bytes) in bin.
func (c *bloomCache) add(bin *types.Bloom, d []byte) {
	var it bloomItem
	it.n = uint8(copy(it.data[:], d))
	bits, ok := c.index[it]
	if !ok {
		bits = bloomBitsOf(d)
		if c.index == nil {
			c.index = make(map[bloomItem]bloomBits)
		}
		if len(c.index) < maxBloomItems {
			c.index[it] = bits
		}
	}
	for i := range bits.n {
		bin[bits.at[i]] |= bits.mask[i]
	}
}

// bloomBitsOf returns the bytes d alone sets in a bloom.
func bloomBitsOf(d []byte) bloomBits {
	var one types.Bloom
	one.Add(d)
	var bits bloomBits
	for i, b := range one {
		if b != 0 {
			bits.at[bits.n], bits.mask[bits.n] = uint8(i), b
			bits.n++
		}
	}
	return bits
}
