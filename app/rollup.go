package app

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"path/filepath"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/rollup/attest"
	"github.com/hyperion-rollup/hyperion/rollup/batch"
	"github.com/hyperion-rollup/hyperion/rollup/batcher"
	"github.com/hyperion-rollup/hyperion/rollup/proposer"
	"github.com/hyperion-rollup/hyperion/rollup/service"
	"github.com/hyperion-rollup/hyperion/x/evm"
)

// Timing of the rollup service.
const (
	rollupTick          = 500 * time.Millisecond
	rollupDomainRefresh = 30 * time.Second
	l1StartupWait       = 15 * time.Second
)

// ErrNotInL1Set is returned when the node's BLS key is not in L1's sequencer set.
var ErrNotInL1Set = errors.New("rollup: this node's BLS key is not in the L1 sequencer set")

// rollupRuntime is what the node runs for the rollup.
type rollupRuntime struct {
	mu       sync.Mutex
	svc      *service.Service
	embedded *embeddedL1
	cancel   context.CancelFunc
	done     sync.WaitGroup
}

// RollupAddresses are the rollup contracts of a config (the development deployment's where unset).
func RollupAddresses(r RollupConfig) (service.Addresses, error) {
	dev, err := devkeys.DevAccount(0)
	if err != nil {
		return service.Addresses{}, err
	}
	a := service.DevAddresses(dev.Address)
	for _, o := range []struct {
		s   string
		dst *common.Address
	}{{r.Set, &a.Set}, {r.Inbox, &a.Inbox}, {r.Oracle, &a.Oracle}} {
		if o.s != "" {
			*o.dst = common.HexToAddress(o.s)
		}
	}
	return a, nil
}

// startRollup starts the rollup duties after CometBFT started.
func (n *Node) startRollup() error {
	r := n.cfg.Rollup
	if !r.Enable {
		return nil
	}
	keys, err := service.LoadOrCreateKeys(n.cfg.Home, r.L1KeyFile)
	if err != nil {
		return err
	}
	client, emb, err := n.connectL1(keys)
	if err != nil || client == nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	n.rollup = &rollupRuntime{embedded: emb, cancel: cancel}
	n.rollup.done.Add(1)
	go n.runRollupWhenReady(ctx, client, keys)
	return nil
}

// rollupRetry is how often a node retries reaching the L1 contracts.
const rollupRetry = 2 * time.Second

// runRollupWhenReady builds and starts the rollup service, retrying while the
// L1 or its contracts are not reachable yet (a temporary error: the node keeps
// sequencing meanwhile).
func (n *Node) runRollupWhenReady(ctx context.Context, client service.L1, keys service.NodeKeys) {
	rt := n.rollup
	defer rt.done.Done()
	for {
		svc, err := n.newRollupService(client, keys)
		switch {
		case errors.Is(err, ErrNotInL1Set):
			n.logger.Info("rollup: not a member of the L1 set; not attesting or posting")
			return
		case err == nil:
			rt.mu.Lock()
			rt.svc = svc
			rt.mu.Unlock()
			svc.Start()
			return
		}
		n.logger.Info("rollup: L1 not ready, retrying", "err", err, "in", rollupRetry)
		select {
		case <-ctx.Done():
			return
		case <-time.After(rollupRetry):
		}
	}
}

// connectL1 dials [rollup] l1-rpc, or embeds a development L1 on a single-validator dev home; it returns
// a nil client when the rollup cannot run.
func (n *Node) connectL1(keys service.NodeKeys) (service.L1, *embeddedL1, error) {
	r := n.cfg.Rollup
	if r.L1RPC != "" {
		c, err := ethclient.Dial(r.L1RPC)
		if err != nil {
			return nil, nil, fmt.Errorf("rollup: dial L1 %s: %w", r.L1RPC, err)
		}
		return c, nil, nil
	}
	single, err := n.singleValidator()
	if err != nil {
		return nil, nil, err
	}
	if n.chainID != DevChainID || !single {
		n.logger.Info("rollup: no [rollup] l1-rpc; rollup duties off")
		return nil, nil, nil
	}
	emb, err := startEmbeddedL1(keys, r.EmbeddedL1Port)
	if err != nil {
		return nil, nil, err
	}
	n.logger.Info("rollup: embedded development L1", "chain_id", emb.chainID, "rpc", emb.endpoint(), "inbox", emb.addrs.Inbox, "oracle", emb.addrs.Oracle)
	return emb.backend.Client(), emb, nil
}

func (n *Node) newRollupService(client service.L1, keys service.NodeKeys) (*service.Service, error) {
	r := n.cfg.Rollup
	addrs, err := RollupAddresses(r)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), l1StartupWait)
	defer cancel()
	chainID, err := client.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("rollup: L1 chain id: %w", err)
	}
	domain := new(service.L1Domain)
	if err := domain.Refresh(ctx, client, chainID, addrs.Inbox, addrs.Set); err != nil {
		return nil, fmt.Errorf("rollup: %w", err)
	}
	self := service.SetPosition(domain.Keys(), keys.BLS.PublicKey())
	if self < 0 {
		return nil, ErrNotInL1Set
	}
	builder, reader, err := n.batchBuilder()
	if err != nil {
		return nil, err
	}
	n.app.SetBatchAttester(attest.NewSigner(keys.BLS, builder, domain))
	d, _ := domain.Domain()
	b, err := batcher.New(batcher.Config{
		Inbox: addrs.Inbox, Key: keys.L1, Self: keys.BLS.PublicKey(), SetKeys: domain.Keys(), Domain: d,
		Timeout: time.Duration(r.PostTimeout) * time.Second, BlobFeeCap: big.NewInt(1e12),
	}, client, builder, reader)
	if err != nil {
		return nil, err
	}
	p, err := proposer.New(proposer.Config{
		Oracle: addrs.Oracle, Inbox: addrs.Inbox, ChainID: chainID, Key: keys.L1, Interval: r.OutputInterval,
		Self: self, SetSize: len(domain.Keys()), Timeout: time.Duration(r.PostTimeout) * time.Second,
	}, client, nodeOutputs{n})
	if err != nil {
		return nil, err
	}
	cfg := service.Config{ChainID: chainID, Addresses: addrs, Tick: rollupTick, DomainRefresh: rollupDomainRefresh}
	committed := func() uint64 { return uint64(n.store.LastVersion()) }
	return service.New(cfg, client, domain, b, p, committed, n.logger.With("module", "rollup")), nil
}

// batchBuilder opens the node's batch archive and builder over its block stores.
func (n *Node) batchBuilder() (*batch.Builder, batch.BlockReader, error) {
	params, err := n.cfg.Rollup.BatchParams()
	if err != nil {
		return nil, nil, err
	}
	archive, err := batch.OpenArchive(RollupArchiveDir(n.cfg))
	if err != nil {
		return nil, nil, err
	}
	reader, err := n.BlockInputsReader()
	if err != nil {
		return nil, nil, err
	}
	b, err := batch.NewBuilder(params, reader, archive)
	if err == nil {
		n.checkBlockCap(params)
	}
	return b, reader, err
}

// checkBlockCap warns when the chain's block size cap lets a block exceed what one batch of the medium
// carries: such a block could never be posted, and posting would stall at its batch.
func (n *Node) checkBlockCap(p batch.Params) {
	env, err := n.comet.ConfigureRPC()
	if err != nil {
		return
	}
	maxBytes := env.GenDoc.ConsensusParams.Block.MaxBytes
	if maxBytes <= 0 || maxBytes > int64(p.MaxBlockBytes()) {
		n.logger.Error("rollup: consensus block.max_bytes exceeds what one batch carries; a full block would stall posting",
			"block_max_bytes", maxBytes, "batch_max_block_bytes", p.MaxBlockBytes())
	}
}

// RollupArchiveDir is the node's batch archive (the blob source of verifiers in tests and devnets).
func RollupArchiveDir(c Config) string { return filepath.Join(c.DataDir(), "rollup", "archive") }

// stopRollup stops the rollup duties and an embedded L1.
func (n *Node) stopRollup() error {
	if n.rollup == nil {
		return nil
	}
	n.rollup.cancel()
	n.rollup.done.Wait()
	if n.rollup.svc != nil {
		n.rollup.svc.Stop()
	}
	var err error
	if n.rollup.embedded != nil {
		err = n.rollup.embedded.close()
	}
	n.rollup = nil
	return err
}

// singleValidator reports whether the genesis has one validator.
func (n *Node) singleValidator() (bool, error) {
	env, err := n.comet.ConfigureRPC()
	if err != nil {
		return false, err
	}
	return len(env.GenDoc.Validators) == 1, nil
}

// nodeOutputs reads output components from the node's block index.
type nodeOutputs struct{ n *Node }

// Output returns the state root and Ethereum block hash of committed block height.
func (o nodeOutputs) Output(height uint64) (common.Hash, common.Hash, error) {
	payload, err := o.n.index.Block(int64(height))
	if err != nil {
		return common.Hash{}, common.Hash{}, err
	}
	rec, err := evm.DecodeBlockRecord(payload)
	if err != nil {
		return common.Hash{}, common.Hash{}, err
	}
	return rec.Header.Root, rec.Header.Hash(), nil
}
