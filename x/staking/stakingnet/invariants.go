package stakingnet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmthttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/testutil"
	"github.com/hyperion-rollup/hyperion/x/gov"
	"github.com/hyperion-rollup/hyperion/x/staking"
)

// ErrBroken is returned when a block breaks a network invariant.
var ErrBroken = errors.New("network invariant broken")

// State is a read-only view of the state committed at one height, read through
// a node's JSON-RPC (eth_getStorageAt, eth_getBalance). Writes (a keeper may
// write while it reads) stay in memory and are discarded.
type State struct {
	ctx     context.Context
	client  *ethclient.Client
	block   *big.Int
	slots   map[common.Address]map[common.Hash]common.Hash
	balance map[common.Address]*uint256.Int
	err     error
}

// StateAt returns the view of height through client.
func StateAt(ctx context.Context, client *ethclient.Client, height uint64) *State {
	return &State{ctx: ctx, client: client, block: new(big.Int).SetUint64(height),
		slots: map[common.Address]map[common.Hash]common.Hash{}, balance: map[common.Address]*uint256.Int{}}
}

// Err is the first RPC error met, if any.
func (s *State) Err() error { return s.err }

// GetState implements staking.StateDB.
func (s *State) GetState(addr common.Address, slot common.Hash) common.Hash {
	if v, ok := s.slots[addr][slot]; ok {
		return v
	}
	raw, err := s.client.StorageAt(s.ctx, addr, slot, s.block)
	if err != nil && s.err == nil {
		s.err = fmt.Errorf("storage %s/%s at %s: %w", addr, slot, s.block, err)
	}
	v := common.BytesToHash(raw)
	s.setSlot(addr, slot, v)
	return v
}

// SetState implements staking.StateDB (in memory only).
func (s *State) SetState(addr common.Address, slot, v common.Hash) common.Hash {
	prev := s.GetState(addr, slot)
	s.setSlot(addr, slot, v)
	return prev
}

func (s *State) setSlot(addr common.Address, slot, v common.Hash) {
	if s.slots[addr] == nil {
		s.slots[addr] = map[common.Hash]common.Hash{}
	}
	s.slots[addr][slot] = v
}

// GetBalance implements staking.StateDB.
func (s *State) GetBalance(addr common.Address) *uint256.Int {
	if b, ok := s.balance[addr]; ok {
		return new(uint256.Int).Set(b)
	}
	b, err := s.client.BalanceAt(s.ctx, addr, s.block)
	if err != nil {
		if s.err == nil {
			s.err = fmt.Errorf("balance %s at %s: %w", addr, s.block, err)
		}
		b = new(big.Int)
	}
	v, _ := uint256.FromBig(b)
	s.balance[addr] = v
	return new(uint256.Int).Set(v)
}

// AddBalance implements staking.StateDB (in memory only).
func (s *State) AddBalance(addr common.Address, v *uint256.Int, _ tracing.BalanceChangeReason) uint256.Int {
	prev := s.GetBalance(addr)
	s.balance[addr] = new(uint256.Int).Add(prev, v)
	return *prev
}

// SubBalance implements staking.StateDB (in memory only).
func (s *State) SubBalance(addr common.Address, v *uint256.Int, _ tracing.BalanceChangeReason) uint256.Int {
	prev := s.GetBalance(addr)
	s.balance[addr] = new(uint256.Int).Sub(prev, v)
	return *prev
}

// Snapshot implements staking.StateDB; the view never reverts.
func (s *State) Snapshot() int { return 0 }

// RevertToSnapshot implements staking.StateDB; the view never reverts.
func (s *State) RevertToSnapshot(int) {}

// Checker verifies, for every block of a network in height order: the token
// supply is conserved (balances of every genesis account, the staking and gov
// contracts and the fee vault, plus what both modules burned, equal the
// genesis allocation plus genesis self-bonds), the staking books balance
// (bonded, unbonding, pools: staking.Keeper.CheckInvariants), and CometBFT's
// set two heights on is exactly the active set, at equal power.
type Checker struct {
	eth      *ethclient.Client
	comet    *cmthttp.HTTP
	accounts []common.Address
	supply   *uint256.Int
	// Checked is the last height verified.
	Checked uint64
}

// NewChecker reads the genesis of net's node 0 and checks blocks through node i.
func NewChecker(net *testutil.Network, i int, eth *ethclient.Client) (*Checker, error) {
	comet, err := cmthttp.New(CometRPC(net, i), "/websocket")
	if err != nil {
		return nil, err
	}
	accounts, supply, err := genesisSupply(net.Homes[0])
	if err != nil {
		return nil, err
	}
	accounts = append(accounts, staking.StakingAddress, gov.GovAddress, staking.FeeVault)
	return &Checker{eth: eth, comet: comet, accounts: accounts, supply: supply}, nil
}

// genesisSupply returns the funded accounts (sorted as in the file) and the
// supply: allocations plus genesis self-bonds.
func genesisSupply(home string) ([]common.Address, *uint256.Int, error) {
	conf, err := app.LoadCometConfig(home)
	if err != nil {
		return nil, nil, err
	}
	raw, err := os.ReadFile(conf.GenesisFile())
	if err != nil {
		return nil, nil, err
	}
	var doc struct {
		AppState struct {
			Alloc map[common.Address]struct {
				Balance string `json:"balance"`
			} `json:"alloc"`
			Staking staking.GenesisState `json:"staking"`
		} `json:"app_state"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, nil, err
	}
	supply := new(uint256.Int)
	var accounts []common.Address
	for addr, acc := range doc.AppState.Alloc {
		accounts = append(accounts, addr)
		if err := addDecimal(supply, acc.Balance); err != nil {
			return nil, nil, err
		}
	}
	for _, v := range doc.AppState.Staking.Validators {
		if err := addDecimal(supply, v.SelfBond); err != nil {
			return nil, nil, err
		}
	}
	return accounts, supply, nil
}

func addDecimal(sum *uint256.Int, dec string) error {
	v, err := uint256.FromDecimal(dec)
	if err != nil {
		return fmt.Errorf("amount %q: %w", dec, err)
	}
	sum.Add(sum, v)
	return nil
}

// CheckUpTo verifies every block after the last checked one whose next block
// is committed (CometBFT serves the set of height+2 once height+1 is).
func (c *Checker) CheckUpTo(ctx context.Context) error {
	latest, err := c.eth.BlockNumber(ctx)
	if err != nil {
		return err
	}
	for h := c.Checked + 1; h+1 <= latest; h++ {
		if err := c.checkBlock(ctx, h); err != nil {
			return fmt.Errorf("block %d: %w", h, err)
		}
		c.Checked = h
	}
	return nil
}

func (c *Checker) checkBlock(ctx context.Context, h uint64) error {
	st := StateAt(ctx, c.eth, h)
	k := staking.NewKeeper(st, int64(h), 0)
	if err := k.CheckInvariants(); err != nil {
		return err
	}
	if err := c.checkSupply(st, k); err != nil {
		return err
	}
	if err := c.checkSet(ctx, h, k); err != nil {
		return err
	}
	return st.Err()
}

func (c *Checker) checkSupply(st *State, k *staking.Keeper) error {
	sum := new(uint256.Int).Add(k.Totals().Burned, gov.NewKeeper(st, nil, nil, 0).Burned())
	for _, a := range c.accounts {
		sum.Add(sum, st.GetBalance(a))
	}
	if !sum.Eq(c.supply) {
		return fmt.Errorf("%w: balances + burned %s, genesis supply %s", ErrBroken, sum, c.supply)
	}
	return nil
}

// checkSet compares CometBFT's validators at h+2 with the active set of h.
func (c *Checker) checkSet(ctx context.Context, h uint64, k *staking.Keeper) error {
	at := int64(h + 2)
	perPage := 100
	res, err := c.comet.Validators(ctx, &at, nil, &perPage)
	if err != nil {
		return err
	}
	active := k.ActiveSet()
	if len(res.Validators) != len(active) {
		return fmt.Errorf("%w: CometBFT set at %d has %d validators, active set %d", ErrBroken, at, len(res.Validators), len(active))
	}
	for _, op := range active {
		v, _ := k.Validator(op)
		addr := ed25519.PubKey(v.ConsensusPubKey).Address()
		found := false
		for _, cv := range res.Validators {
			if bytes.Equal(cv.Address, addr) {
				found = cv.VotingPower == res.Validators[0].VotingPower
			}
		}
		if !found {
			return fmt.Errorf("%w: active validator %s missing from CometBFT's set at %d or unequal power", ErrBroken, op, at)
		}
	}
	return nil
}
