package app

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/rollup/l1"
	"github.com/hyperion-rollup/hyperion/rollup/service"
)

// DevL1Funds is each development account's balance on a development L1: 10,000 ether.
var DevL1Funds = new(big.Int).Mul(big.NewInt(10_000), big.NewInt(1e18))

// DevL1Alloc prefunds the development accounts (the `test ... junk` mnemonic) on a development L1.
func DevL1Alloc() (types.GenesisAlloc, error) {
	accs, err := devkeys.DevAccounts(devkeys.DevAccountCount)
	if err != nil {
		return nil, err
	}
	alloc := types.GenesisAlloc{}
	for _, a := range accs {
		alloc[a.Address] = types.Account{Balance: new(big.Int).Set(DevL1Funds)}
	}
	return alloc, nil
}

// DevDeployRollup deploys the rollup contracts on a fresh development L1 from development account 0, with
// the validators' keys as the genesis set (no-op when they are deployed).
func DevDeployRollup(ctx context.Context, backend service.DevBackend, validators []service.NodeKeys) (service.Addresses, error) {
	dev, err := devkeys.DevAccount(0)
	if err != nil {
		return service.Addresses{}, err
	}
	return service.DevDeploy(ctx, backend, dev.Key, validators)
}

// embeddedL1 is an in-process development L1 mining on a timer, served on l1.DefaultPort when free (so
// `hyperiond query rollup` and `verify` can reach it).
type embeddedL1 struct {
	server  *l1.Server // nil when not served
	backend *simulated.Backend
	chainID *big.Int
	addrs   service.Addresses
	stop    chan struct{}
	done    chan struct{}
}

// startEmbeddedL1 starts a development L1 for this node alone, with the contracts deployed, served on port
// when it is not 0 and free.
func startEmbeddedL1(keys service.NodeKeys, port int) (*embeddedL1, error) {
	alloc, err := DevL1Alloc()
	if err != nil {
		return nil, err
	}
	e := &embeddedL1{chainID: l1.ChainConfig().ChainID}
	if port != 0 {
		e.server, err = l1.Start(l1.Config{Alloc: alloc, Port: port, BlockTime: l1.DefaultBlockTime})
	}
	if e.server != nil && err == nil {
		e.backend = e.server.Backend()
	} else {
		e.backend, e.stop, e.done = l1.NewSimulated(alloc), make(chan struct{}), make(chan struct{})
		go e.mine(l1.DefaultBlockTime)
	}
	ctx, cancel := context.WithTimeout(context.Background(), l1StartupWait)
	defer cancel()
	if e.addrs, err = DevDeployRollup(ctx, e.backend.Client(), []service.NodeKeys{keys}); err != nil {
		_ = e.close()
		return nil, err
	}
	e.backend.Commit()
	return e, nil
}

// endpoint is the served URL, or "" when in-process only.
func (e *embeddedL1) endpoint() string {
	if e.server == nil {
		return ""
	}
	return e.server.Endpoint()
}

func (e *embeddedL1) mine(interval time.Duration) {
	defer close(e.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-e.stop:
			return
		case <-t.C:
			e.backend.Commit()
		}
	}
}

func (e *embeddedL1) close() error {
	if e.server != nil {
		return e.server.Close()
	}
	close(e.stop)
	<-e.done
	return e.backend.Close()
}

// DevDeployHomes waits for the development L1 at url, deploys the rollup contracts with the homes' BLS
// keys as the genesis set and funds their posting keys (`hyperiond testnet start`).
func DevDeployHomes(ctx context.Context, url string, homes []string) error {
	ctx, cancel := context.WithTimeout(ctx, l1StartupWait)
	defer cancel()
	var client *ethclient.Client
	for {
		c, err := ethclient.DialContext(ctx, url)
		if err == nil {
			if _, err = c.ChainID(ctx); err == nil {
				client = c
				break
			}
			c.Close()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("development L1 at %s: %w", url, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
	defer client.Close()
	keys := make([]service.NodeKeys, len(homes))
	for i, h := range homes {
		k, err := service.LoadOrCreateKeys(h, DefaultConfig(h).Rollup.L1KeyFile)
		if err != nil {
			return err
		}
		keys[i] = k
	}
	_, err := DevDeployRollup(ctx, client, keys)
	return err
}
