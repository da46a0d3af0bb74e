package service

import (
	"context"
	"fmt"
	"math/big"
	"sync"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/hyperion-rollup/hyperion/rollup/attest"
	"github.com/hyperion-rollup/hyperion/rollup/bls"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
)

// L1Reader is what reading the set needs from L1.
type L1Reader interface {
	bind.ContractCaller
	ethereum.LogFilterer
}

// ReadSet returns the SequencerSet's current keys (contract order) from its last SetChanged event, checked
// against the contract's setHash.
func ReadSet(ctx context.Context, l1 L1Reader, set common.Address) ([]*bls.PublicKey, common.Hash, error) {
	c := contracts.NewSequencerSet()
	bound := bind.NewBoundContract(set, c.GetABI(), l1, nil, nil)
	hash, err := bind.Call(bound, &bind.CallOpts{Context: ctx}, c.PackSetHash(), c.UnpackSetHash)
	if err != nil {
		return nil, common.Hash{}, fmt.Errorf("read set hash: %w", err)
	}
	topic := c.GetABI().Events[contracts.SequencerSetSetChangedEventName].ID
	logs, err := l1.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: big.NewInt(0), Addresses: []common.Address{set}, Topics: [][]common.Hash{{topic}}})
	if err != nil {
		return nil, common.Hash{}, fmt.Errorf("read set events: %w", err)
	}
	for i := len(logs) - 1; i >= 0; i-- {
		ev, err := c.UnpackSetChangedEvent(&logs[i])
		if err != nil || ev.SetHash != hash {
			continue
		}
		return decodeKeys(ev.PublicKeys, hash)
	}
	return nil, common.Hash{}, fmt.Errorf("set %s: no SetChanged event for hash %s", set, common.Hash(hash))
}

func decodeKeys(raw []byte, hash common.Hash) ([]*bls.PublicKey, common.Hash, error) {
	if len(raw)%bls.PublicKeyLen != 0 || len(raw)/bls.PublicKeyLen > contracts.MaxSetSize {
		return nil, hash, fmt.Errorf("%w: %d key bytes", contracts.ErrSetSize, len(raw))
	}
	keys := make([]*bls.PublicKey, 0, len(raw)/bls.PublicKeyLen)
	for i := 0; i < len(raw); i += bls.PublicKeyLen {
		k, err := bls.PublicKeyFromEIP2537(raw[i : i+bls.PublicKeyLen])
		if err != nil {
			return nil, hash, err
		}
		keys = append(keys, k)
	}
	return keys, hash, nil
}

// L1Domain is the attestation domain read from L1: the chain id, the inbox and the set's current hash. It
// implements attest.DomainSource; Refresh re-reads the set.
type L1Domain struct {
	mu     sync.RWMutex
	domain attest.Domain
	keys   []*bls.PublicKey
	ok     bool
}

// Refresh reads the current set from L1.
func (d *L1Domain) Refresh(ctx context.Context, l1 L1Reader, chainID *big.Int, inbox, set common.Address) error {
	keys, hash, err := ReadSet(ctx, l1, set)
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.domain = attest.Domain{ChainID: chainID, Inbox: inbox, SetHash: hash}
	d.keys, d.ok = keys, true
	return nil
}

// Domain returns the last domain read (false before the first Refresh).
func (d *L1Domain) Domain() (attest.Domain, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.domain, d.ok
}

// Keys returns the set's keys in contract order.
func (d *L1Domain) Keys() []*bls.PublicKey {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.keys
}
