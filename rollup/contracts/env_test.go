package contracts

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/rollup/bls"
	"github.com/hyperion-rollup/hyperion/rollup/l1"
)

const testWindow = 60 // seconds

var testBond = big.NewInt(params.Ether / 10)

// env is a simulated L1 (Osaka last) with the three contracts deployed and a 4-key genesis set.
type env struct {
	t          *testing.T
	sim        *simulated.Backend
	chainID    *big.Int
	deployer   *bind.TransactOpts
	challenger *bind.TransactOpts
	rng        *rand.ChaCha8
	sks        []*bls.SecretKey // in set order
	keys       []*bls.PublicKey // in set order
	dep        *Deployment
	setABI     *SequencerSet
	inboxABI   *BatchInbox
	oracleABI  *OutputOracle
	set        *bind.BoundContract
	inbox      *bind.BoundContract
	oracle     *bind.BoundContract
}

func newEnv(t *testing.T, nKeys int) *env {
	t.Helper()
	dk, _ := crypto.GenerateKey()
	ck, _ := crypto.GenerateKey()
	funds := new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))
	sim := l1.NewSimulated(types.GenesisAlloc{
		crypto.PubkeyToAddress(dk.PublicKey): {Balance: funds},
		crypto.PubkeyToAddress(ck.PublicKey): {Balance: funds},
	})
	t.Cleanup(func() { _ = sim.Close() })
	e := &env{t: t, sim: sim, chainID: params.AllDevChainProtocolChanges.ChainID, rng: rand.NewChaCha8([32]byte{7})}
	e.deployer = e.transactor(dk)
	e.challenger = e.transactor(ck)
	e.sks, e.keys = e.newSet(nKeys)
	proofs := make([]*bls.Signature, len(e.sks))
	for i, sk := range e.sks {
		pop, err := sk.ProvePossession()
		require.NoError(t, err)
		proofs[i] = pop
	}
	e.deploy(DeployConfig{
		GenesisKeys: ConcatKeys(e.keys), GenesisProofs: ConcatSignatures(proofs), GenesisL2Block: 0,
		Challenger: e.challenger.From, OutputBond: testBond, ChallengeWindow: testWindow,
	})
	return e
}

func (e *env) transactor(k *ecdsa.PrivateKey) *bind.TransactOpts {
	return bind.NewKeyedTransactor(k, e.chainID)
}

// newSet draws n BLS keys and returns them (with their secrets) in contract order.
func (e *env) newSet(n int) ([]*bls.SecretKey, []*bls.PublicKey) {
	byKey := map[string]*bls.SecretKey{}
	keys := make([]*bls.PublicKey, n)
	for i := range keys {
		sk, err := bls.GenerateKey(e.rng)
		require.NoError(e.t, err)
		keys[i] = sk.PublicKey()
		byKey[string(keys[i].EIP2537())] = sk
	}
	sorted, err := SortKeys(keys)
	require.NoError(e.t, err)
	sks := make([]*bls.SecretKey, n)
	for i, k := range sorted {
		sks[i] = byKey[string(k.EIP2537())]
	}
	return sks, sorted
}

func (e *env) deploy(cfg DeployConfig) {
	dep, err := Deploy(e.deployer, e.sim.Client(), cfg)
	require.NoError(e.t, err)
	e.sim.Commit()
	names := []string{"deploy SequencerSet", "deploy BatchInbox", "deploy OutputOracle"}
	for i, tx := range dep.Txs {
		e.receipt(names[i], tx)
	}
	e.dep = dep
	e.setABI, e.inboxABI, e.oracleABI = NewSequencerSet(), NewBatchInbox(), NewOutputOracle()
	e.set = e.setABI.Instance(e.sim.Client(), dep.SequencerSet)
	e.inbox = e.inboxABI.Instance(e.sim.Client(), dep.BatchInbox)
	e.oracle = e.oracleABI.Instance(e.sim.Client(), dep.OutputOracle)
}

// receipt waits for tx (already committed), requires success and logs its gas.
func (e *env) receipt(name string, tx *types.Transaction) *types.Receipt {
	e.t.Helper()
	r, err := l1.MineReceipt(context.Background(), e.sim, tx.Hash())
	require.NoError(e.t, err)
	require.Equal(e.t, types.ReceiptStatusSuccessful, r.Status, name)
	e.t.Logf("gas: %-40s %9d", name, r.GasUsed)
	return r
}

// send transacts data on c from opts (with value), mines it and requires success.
func (e *env) send(name string, c *bind.BoundContract, opts *bind.TransactOpts, value *big.Int, data []byte) *types.Receipt {
	e.t.Helper()
	o := *opts
	o.Value = value
	tx, err := c.RawTransact(&o, data)
	require.NoError(e.t, err, name)
	e.sim.Commit()
	return e.receipt(name, tx)
}

// revert executes data against to from `from` and returns the name of the custom error it reverts with.
func (e *env) revert(from common.Address, to common.Address, value *big.Int, data []byte, errs map[string]abi.Error) string {
	e.t.Helper()
	_, err := e.sim.Client().CallContract(context.Background(),
		ethereum.CallMsg{From: from, To: &to, Value: value, Data: data}, nil)
	require.Error(e.t, err, "call did not revert")
	return errorName(e.t, err, errs)
}

func errorName(t *testing.T, err error, errs map[string]abi.Error) string {
	t.Helper()
	var de rpc.DataError
	require.True(t, errors.As(err, &de), "no revert data in %v", err)
	hexData, ok := de.ErrorData().(string)
	require.True(t, ok)
	data, decErr := hexutil.Decode(hexData)
	require.NoError(t, decErr)
	require.GreaterOrEqual(t, len(data), 4, "revert without selector: %v", err)
	for name, e := range errs {
		if strings.EqualFold(hexutil.Encode(e.ID[:4]), hexutil.Encode(data[:4])) {
			return name
		}
	}
	return "unknown:" + hexData
}

// allErrors merges the custom errors of every contract (calls revert through nested contracts).
func (e *env) allErrors() map[string]abi.Error {
	out := map[string]abi.Error{}
	for _, a := range []abi.ABI{e.setABI.GetABI(), e.inboxABI.GetABI(), e.oracleABI.GetABI()} {
		for n, v := range a.Errors {
			out[n] = v
		}
	}
	return out
}

// sign aggregates the signatures of signers (positions in keys/sks) over digest.
func sign(t *testing.T, sks []*bls.SecretKey, signers []int, digest common.Hash) ([]byte, *big.Int) {
	t.Helper()
	sigs := make([]*bls.Signature, 0, len(signers))
	for _, i := range signers {
		s, err := sks[i].Sign(digest[:])
		require.NoError(t, err)
		sigs = append(sigs, s)
	}
	agg, err := bls.AggregateSignatures(sigs)
	require.NoError(t, err)
	bitmap, err := SignerBitmap(len(sks), signers)
	require.NoError(t, err)
	return agg.EIP2537(), bitmap
}

func callHash(t *testing.T, c *bind.BoundContract, data []byte, unpack func([]byte) ([32]byte, error)) common.Hash {
	t.Helper()
	h, err := bind.Call(c, nil, data, unpack)
	require.NoError(t, err)
	return h
}
