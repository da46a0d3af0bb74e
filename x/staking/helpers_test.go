package staking

import (
	"encoding/binary"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
	"github.com/hyperion-rollup/hyperion/x/staking/stakingtest"
)

// tokens is n * 10^18 wei.
func tokens(n uint64) *uint256.Int { return new(uint256.Int).Mul(uint256.NewInt(n), Token) }

// blsKey derives a BLS key from seed and returns its compressed public key and proof of possession.
func blsKey(t testing.TB, seed uint64) (pk, pop []byte) {
	var b [32]byte
	binary.BigEndian.PutUint64(b[24:], seed*7919+12345)
	pk, pop, err := ProvePossession(b[:])
	require.NoError(t, err)
	return pk, pop
}

// testParams are short periods for tests.
func testParams() Params {
	p := DefaultParams()
	p.EpochLength, p.UnbondingTime, p.DowntimeWindow, p.JailDuration = 5, 20, 10, 5
	return p
}

// newChain starts nVals genesis validators with 100 tokens each and the staking module.
func newChain(t *testing.T, nVals, nAccounts int, p Params) *stakingtest.Chain {
	c := stakingtest.New(t, nVals, nAccounts, func(c *stakingtest.Chain) map[string]any {
		var vals []GenesisValidator
		for i, ck := range c.ConsKeys {
			vals = append(vals, GenesisValidator{Operator: c.Addrs[i], ConsensusPubKey: ck.PubKey().Bytes(),
				SelfBond: tokens(100).Dec(), CommissionBps: 1000})
		}
		return map[string]any{"staking": GenesisState{Params: &p, Validators: vals}}
	}, NewModule())
	c.AfterBlock = checkInvariants
	return c
}

// checkInvariants runs after every block: the module's books balance, the
// token supply is conserved (balances + burned), and CometBFT's set two
// blocks ahead is the active set.
func checkInvariants(c *stakingtest.Chain) {
	k := keeperAt(c)
	if err := k.CheckInvariants(); err != nil {
		panic(err)
	}
	sum := new(uint256.Int).Set(k.Totals().Burned)
	for _, a := range append(append([]common.Address{}, c.Addrs...), StakingAddress, FeeVault,
		common.HexToAddress("0x0000000000000000000000000000000000000801")) {
		sum.Add(sum, c.Balance(a))
	}
	want := new(uint256.Int).Mul(stakingtest.Funds, uint256.NewInt(uint64(len(c.Addrs))))
	want.Add(want, genesisEscrow(c))
	if !sum.Eq(want) {
		panic("supply changed: " + sum.Dec() + " != " + want.Dec())
	}
	active := k.ActiveSet()
	set := c.SetAt(c.Height + 2)
	if len(set.Validators) != len(active) {
		panic("CometBFT set size differs from the active set")
	}
	for _, op := range active {
		v, _ := k.Validator(op)
		if _, err := set.Find(consAddr(v.ConsensusPubKey)); err != nil {
			panic("active validator missing from CometBFT's set")
		}
	}
}

// genesisEscrow is the sum of genesis self-bonds (100 tokens per genesis validator).
func genesisEscrow(c *stakingtest.Chain) *uint256.Int {
	return new(uint256.Int).Mul(tokens(100), uint256.NewInt(uint64(len(c.ConsKeys))))
}

// keeperAt reads the committed state through a keeper (its writes are discarded).
func keeperAt(c *stakingtest.Chain) *Keeper {
	return NewKeeper(newReadState(c), c.Height, uint64(c.Time.Unix()))
}

// logsNamed returns the last block's system logs of the staking event name.
func logsNamed(c *stakingtest.Chain, name string) []*types.Log {
	var out []*types.Log
	for _, l := range c.LastLogs {
		if l.Address == StakingAddress && l.Topics[0] == ABI.Events[name].ID {
			out = append(out, l)
		}
	}
	return out
}

func mustPack(t testing.TB, method string, args ...any) []byte {
	data, err := ABI.Pack(method, args...)
	require.NoError(t, err)
	return data
}

var _ = solstore.Slot

func newReadState(c *stakingtest.Chain) *evm.StateDB { return evm.NewStateDB(c.Store) }

func consAddr(pk []byte) []byte { return ed25519.PubKey(pk).Address() }
