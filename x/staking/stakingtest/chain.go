// Package stakingtest drives the end-of-block modules over a real store and
// the real EVM block builder, one block at a time, without consensus: signed
// Ethereum txs in, system logs, validator updates and parameter changes out.
// Tests of x/staking and x/gov use it to check rules and invariants per block.
package stakingtest

import (
	"context"
	"crypto/ecdsa"
	"encoding/binary"
	"encoding/json"
	"math/big"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// ChainID is the EVM chain id of test chains.
const ChainID = 31337

// BaseFee is the fixed base fee of test blocks (1 gwei).
var BaseFee = big.NewInt(1_000_000_000)

// Funds is what every test account starts with: 1,000,000 tokens.
var Funds = new(uint256.Int).Mul(uint256.NewInt(1_000_000), uint256.NewInt(1_000_000_000_000_000_000))

// Chain is a single-node chain without consensus.
type Chain struct {
	t       testing.TB
	Store   *store.Store
	Modules []system.Module
	Height  int64
	Time    time.Time
	// Keys and Addrs are the funded accounts; Addrs[i] operates validator i.
	Keys  []*ecdsa.PrivateKey
	Addrs []common.Address
	// ConsKeys are the genesis validators' consensus keys, in the order of Addrs.
	ConsKeys []ed25519.PrivKey
	Vals     system.ValidatorSet
	Params   system.Params
	// Missing lists consensus addresses (string of the bytes) that do not sign.
	Missing map[string]bool
	// Evidence is delivered with the next block.
	Evidence []abcitypes.Misbehavior
	// Withheld lists consensus addresses reported, with every block until
	// cleared, as having withheld their decryption shares.
	Withheld [][]byte
	// LastLogs and LastReceipts are the previous block's system logs and tx receipts.
	LastLogs     []*types.Log
	LastReceipts []*types.Receipt
	// AfterBlock, when set, runs after every committed block (invariants).
	AfterBlock func(*Chain)
	sets       system.SetSchedule
	nonces     map[common.Address]uint64
}

// AppState builds app_state for a chain whose accounts and keys are set.
type AppState func(c *Chain) map[string]any

// New starts a chain with nVals validators (operated by the first accounts)
// and nAccounts funded accounts.
func New(t testing.TB, nVals, nAccounts int, appState AppState, modules ...system.Module) *Chain {
	st, err := store.Open(store.Options{Dir: t.TempDir()})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	c := &Chain{t: t, Store: st, Modules: modules, Time: time.Unix(1_700_000_000, 0), Missing: map[string]bool{},
		nonces: map[common.Address]uint64{}}
	c.Params = system.Params{EVMChainID: ChainID, BlockGasLimit: 30_000_000, InitialBaseFee: BaseFee}
	var vals []system.Validator
	for i := 0; i < nAccounts; i++ {
		key := crypto.ToECDSAUnsafe(crypto.Keccak256([]byte{byte(i), 'k'}))
		c.Keys, c.Addrs = append(c.Keys, key), append(c.Addrs, crypto.PubkeyToAddress(key.PublicKey))
		if i < nVals {
			ck := ed25519.GenPrivKeyFromSecret([]byte{byte(i), 'c'})
			c.ConsKeys = append(c.ConsKeys, ck)
			vals = append(vals, system.Validator{Address: ck.PubKey().Address(), PubKey: ck.PubKey().Bytes(), Power: 10})
		}
	}
	c.Vals, err = system.NewValidatorSet(vals)
	require.NoError(t, err)
	c.sets = system.NewSetSchedule(c.Vals)
	c.genesis(appState)
	return c
}

func (c *Chain) genesis(appState AppState) {
	var alloc []evm.GenesisAlloc
	for _, a := range c.Addrs {
		alloc = append(alloc, evm.GenesisAlloc{Address: a, Balance: new(uint256.Int).Set(Funds)})
	}
	changes := evm.GenesisChanges(alloc)
	raw, err := json.Marshal(appState(c))
	require.NoError(c.t, err)
	for _, m := range c.Modules {
		mc, err := m.InitGenesis(raw, c.Vals)
		require.NoError(c.t, err, m.Name())
		changes = append(changes, mc...)
	}
	c.commit(changes)
}

func (c *Chain) commit(changes []store.Change) {
	_, err := c.Store.Apply(changes)
	require.NoError(c.t, err)
	_, _, err = c.Store.Commit()
	require.NoError(c.t, err)
}

// Tx signs a dynamic-fee tx from account i.
func (c *Chain) Tx(i int, to common.Address, value *big.Int, data []byte) *types.Transaction {
	from := c.Addrs[i]
	tx := types.NewTx(&types.DynamicFeeTx{
		ChainID: big.NewInt(ChainID), Nonce: c.nonces[from], GasTipCap: big.NewInt(1_000_000_000),
		GasFeeCap: big.NewInt(10_000_000_000), Gas: 3_000_000, To: &to, Value: value, Data: data,
	})
	signed, err := types.SignTx(tx, types.LatestSignerForChainID(big.NewInt(ChainID)), c.Keys[i])
	require.NoError(c.t, err)
	c.nonces[from]++
	return signed
}

func blockHash(n uint64) common.Hash {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return crypto.Keccak256Hash([]byte("test-block"), b[:])
}

// Block executes txs (each must be included) and the modules' end block, then commits.
func (c *Chain) Block(txs ...*types.Transaction) []abcitypes.ValidatorUpdate {
	c.Height++
	c.Time = c.Time.Add(time.Second)
	b, err := evm.NewBlockBuilder(evm.ChainConfig(ChainID), c.Store, evm.BlockContext{
		Number: uint64(c.Height), Time: uint64(c.Time.Unix()), GasLimit: c.Params.BlockGasLimit,
		ParentHash: blockHash(uint64(c.Height - 1)), BaseFee: BaseFee,
	}, blockHash)
	require.NoError(c.t, err)
	for _, tx := range txs {
		_, err := b.ApplyTx(tx)
		require.NoError(c.t, err)
	}
	params := c.Params
	ctx := &system.EndBlockContext{Height: c.Height, Time: c.Time, Builder: b, LastCommit: c.commitInfo(),
		Misbehavior: c.Evidence, WithheldShares: c.Withheld, Params: &params}
	var updates []abcitypes.ValidatorUpdate
	for _, m := range c.Modules {
		u, err := m.EndBlock(ctx)
		require.NoError(c.t, err, m.Name())
		updates = append(updates, u...)
	}
	c.Evidence = nil
	res, err := b.Finish()
	require.NoError(c.t, err)
	c.commit(res.Changes)
	if !params.Equal(c.Params) {
		require.NoError(c.t, params.ValidateChange(c.Params))
		c.Params = params
	}
	c.LastLogs, c.LastReceipts = res.SystemReceipt.Logs, res.Receipts
	c.schedule(updates)
	if c.AfterBlock != nil {
		c.AfterBlock(c)
	}
	return updates
}

// commitInfo reports every member of the current set as signing, except Missing.
func (c *Chain) commitInfo() abcitypes.CommitInfo {
	var info abcitypes.CommitInfo
	for _, v := range c.Vals.Validators {
		flag := cmtproto.BlockIDFlagCommit
		if c.Missing[string(v.Address)] {
			flag = cmtproto.BlockIDFlagAbsent
		}
		info.Votes = append(info.Votes, abcitypes.VoteInfo{
			Validator: abcitypes.Validator{Address: v.Address, Power: v.Power}, BlockIdFlag: flag,
		})
	}
	return info
}

// schedule records validator updates in force from height+2, as CometBFT
// does, and moves Vals to the set that signs the current block.
func (c *Chain) schedule(updates []abcitypes.ValidatorUpdate) {
	if len(updates) > 0 {
		vals := make([]system.Validator, 0, len(updates))
		for _, u := range updates {
			pk := u.PubKey.GetEd25519()
			vals = append(vals, system.Validator{Address: ed25519.PubKey(pk).Address(), PubKey: pk, Power: u.Power})
		}
		next, err := c.sets.Apply(vals, c.Height+2, c.Height)
		require.NoError(c.t, err)
		c.sets = next
	}
	c.Vals = c.sets.At(c.Height)
}

// SetAt returns the consensus set in force at height h.
func (c *Chain) SetAt(h int64) system.ValidatorSet { return c.sets.At(h) }

// Call runs a read-only call against the latest committed state.
func (c *Chain) Call(to common.Address, data []byte) ([]byte, error) {
	res, err := evm.Call(context.Background(), evm.CallEnv{
		Config: evm.ChainConfig(ChainID), State: c.Store, Hashes: blockHash,
		Block: evm.BlockContext{Number: uint64(c.Height + 1), Time: uint64(c.Time.Unix()) + 1,
			GasLimit: c.Params.BlockGasLimit, BaseFee: BaseFee},
	}, evm.CallMsg{To: &to, Data: data})
	if err != nil {
		return nil, err
	}
	return res.ReturnData, res.Err
}

// Balance returns an account's committed balance.
func (c *Chain) Balance(a common.Address) *uint256.Int {
	b, err := evm.Balance(c.Store, a)
	require.NoError(c.t, err)
	return b
}
