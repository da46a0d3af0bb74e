// Package service runs a node's rollup duties against L1: it keeps the attestation domain (the set hash
// read from L1's SequencerSet), posts attested batches in turn (rollup/batcher), proposes output roots and
// withdraws final bonds (rollup/proposer). It also holds the development conveniences: key files, the
// deterministic development deployment.
package service

import (
	"context"
	"errors"
	"math/big"
	"sync"
	"time"

	"github.com/hyperion-rollup/hyperion/rollup/batcher"
	"github.com/hyperion-rollup/hyperion/rollup/bls"
	"github.com/hyperion-rollup/hyperion/rollup/proposer"
)

// Logger is the logging the service needs (CometBFT's logger fits).
type Logger interface {
	Info(msg string, keyvals ...interface{})
	Error(msg string, keyvals ...interface{})
}

// L1 is the L1 client the service uses.
type L1 interface {
	batcher.L1
	L1Reader
}

// Config configures the service loop.
type Config struct {
	ChainID   *big.Int
	Addresses Addresses
	// Tick is the interval between steps.
	Tick time.Duration
	// DomainRefresh is the interval between re-reads of the L1 set.
	DomainRefresh time.Duration
}

// Service runs the batcher and proposer.
type Service struct {
	cfg       Config
	l1        L1
	domain    *L1Domain
	batcher   *batcher.Batcher
	proposer  *proposer.Proposer
	committed func() uint64
	log       Logger

	cancel context.CancelFunc
	done   sync.WaitGroup
}

// New returns a service; committed reports the node's last committed L2 height.
func New(cfg Config, l1 L1, domain *L1Domain, b *batcher.Batcher, p *proposer.Proposer, committed func() uint64, log Logger) *Service {
	return &Service{cfg: cfg, l1: l1, domain: domain, batcher: b, proposer: p, committed: committed, log: log}
}

// Start runs the loop in a goroutine until Stop.
func (s *Service) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.done.Add(1)
	go s.run(ctx)
}

// Stop ends the loop and waits for it.
func (s *Service) Stop() {
	if s.cancel != nil {
		s.cancel()
		s.done.Wait()
	}
}

func (s *Service) run(ctx context.Context) {
	defer s.done.Done()
	tick := time.NewTicker(s.cfg.Tick)
	defer tick.Stop()
	lastRefresh := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			if s.cfg.DomainRefresh > 0 && now.Sub(lastRefresh) > s.cfg.DomainRefresh {
				lastRefresh = now
				if err := s.domain.Refresh(ctx, s.l1, s.cfg.ChainID, s.cfg.Addresses.Inbox, s.cfg.Addresses.Set); err != nil {
					s.log.Error("rollup: read L1 set", "err", err)
				}
			}
			s.Step(ctx, now)
		}
	}
}

// Step runs one batcher step, one proposer step and one bond-return step, logging what landed in flight.
func (s *Service) Step(ctx context.Context, now time.Time) {
	committed := s.committed()
	if tx, err := s.batcher.Step(ctx, committed, now); err == nil && tx != nil {
		s.log.Info("rollup: batch posted", "tx", tx.Hash(), "type", tx.Type(), "l1_gas", tx.Gas())
	} else if err != nil && !expected(err) && ctx.Err() == nil {
		s.log.Error("rollup: batch post", "err", err)
	}
	if tx, err := s.proposer.Step(ctx, committed, now); err == nil && tx != nil {
		s.log.Info("rollup: output proposed", "tx", tx.Hash())
	} else if err != nil && !expected(err) && ctx.Err() == nil {
		s.log.Error("rollup: output proposal", "err", err)
	}
	txs, err := s.proposer.ReturnBonds(ctx)
	for _, tx := range txs {
		s.log.Info("rollup: bond returned", "tx", tx.Hash())
	}
	if err != nil && ctx.Err() == nil {
		s.log.Error("rollup: bond return", "err", err)
	}
}

func expected(err error) bool {
	return errors.Is(err, batcher.ErrNotReady) || errors.Is(err, batcher.ErrNotMyTurn) ||
		errors.Is(err, proposer.ErrNothingToPropose) || errors.Is(err, proposer.ErrNotMyTurn)
}

// SetPosition is self's index in the set's keys, or -1.
func SetPosition(keys []*bls.PublicKey, self *bls.PublicKey) int {
	for i, k := range keys {
		if k.Equal(self) {
			return i
		}
	}
	return -1
}
