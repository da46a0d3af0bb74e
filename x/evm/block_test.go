package evm

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

func fundedAlloc(n int) []GenesisAlloc {
	var alloc []GenesisAlloc
	for i := range n {
		alloc = append(alloc, GenesisAlloc{Address: keyAddr(testKey(i)), Balance: new(uint256.Int).Set(oneEther)})
	}
	return alloc
}

func TestNativeTransfer(t *testing.T) {
	c := newChain(t, fundedAlloc(2))
	from, to := keyAddr(testKey(0)), common.HexToAddress("0x1234")
	bctx := c.nextContext()
	res := c.block(dynTx(testKey(0), 0, &to, big.NewInt(1000), 21000, nil))

	require.Len(t, res.Receipts, 1)
	r := res.Receipts[0]
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
	require.Equal(t, uint64(21000), r.GasUsed)
	require.Equal(t, uint64(21000), res.GasUsed)
	price := new(big.Int).Add(bctx.BaseFee, big.NewInt(2))
	require.Equal(t, price, r.EffectiveGasPrice)
	require.Equal(t, uint256.NewInt(1000), c.balance(to))
	require.Equal(t, uint64(1), c.nonce(from))

	cost := new(big.Int).Mul(price, big.NewInt(21000))
	want := new(big.Int).Sub(oneEther.ToBig(), cost)
	want.Sub(want, big.NewInt(1000))
	require.Equal(t, want, c.balance(from).ToBig())
	// The vault holds tip and burned base fee: the whole fee.
	require.Equal(t, cost, c.balance(FeeVault).ToBig())
	require.Equal(t, c.head().Hash(), r.BlockHash)
}

func TestBaseFeeCreditedToVault(t *testing.T) {
	c := newChain(t, fundedAlloc(3))
	to := common.HexToAddress("0x99")
	bctx := c.nextContext()
	res := c.block(
		dynTx(testKey(0), 0, &to, big.NewInt(1), 21000, nil),
		dynTx(testKey(1), 0, &to, big.NewInt(1), 21000, nil),
	)
	burned := new(big.Int).Mul(bctx.BaseFee, new(big.Int).SetUint64(res.GasUsed))
	tips := new(big.Int).Mul(big.NewInt(2), new(big.Int).SetUint64(res.GasUsed))
	require.Equal(t, new(big.Int).Add(burned, tips), c.balance(FeeVault).ToBig())
	require.Equal(t, FeeVault, c.head().Coinbase)
}

func TestDeployCallRevertAndLogs(t *testing.T) {
	c := newChain(t, fundedAlloc(2))
	k := testKey(0)
	contract := crypto.CreateAddress(keyAddr(k), 0)
	res := c.block(dynTx(k, 0, nil, nil, 200_000, initCode(counterCode)))
	require.Equal(t, contract, res.Receipts[0].ContractAddress)
	require.Equal(t, types.ReceiptStatusSuccessful, res.Receipts[0].Status)
	code, err := Code(c.st, contract)
	require.NoError(t, err)
	require.Equal(t, counterCode, code)

	other := testKey(1)
	res = c.block(
		dynTx(k, 1, &contract, nil, 100_000, nil),
		dynTx(other, 0, &contract, nil, 100_000, []byte{1}), // reverts
		dynTx(k, 2, &contract, nil, 100_000, nil),
	)
	require.Equal(t, []uint64{1, 0, 1}, []uint64{res.Receipts[0].Status, res.Receipts[1].Status, res.Receipts[2].Status})
	require.Empty(t, res.Receipts[1].Logs)
	require.Equal(t, uint64(2), c.nonce(keyAddr(k))-1, "nonces advanced")
	require.Equal(t, uint64(1), c.nonce(keyAddr(other)), "reverted tx still consumes the nonce")
	v, err := Storage(c.st, contract, common.Hash{})
	require.NoError(t, err)
	require.Equal(t, common.BigToHash(big.NewInt(2)), v)

	require.Len(t, res.Logs, 2)
	for i, l := range res.Logs {
		require.Equal(t, uint(i), l.Index, "block-global log index")
		require.Equal(t, common.BigToHash(big.NewInt(int64(i+1))), common.BytesToHash(l.Data))
		require.Equal(t, c.head().Hash(), l.BlockHash)
	}
	require.Equal(t, uint(2), res.Logs[1].TxIndex)
	require.True(t, res.Bloom.Test(contract[:]))
	cum := res.Receipts[0].GasUsed + res.Receipts[1].GasUsed + res.Receipts[2].GasUsed
	require.Equal(t, cum, res.Receipts[2].CumulativeGasUsed)
	require.Equal(t, cum, res.GasUsed)
}

func TestInvalidTxLeavesStateUnchanged(t *testing.T) {
	c := newChain(t, fundedAlloc(2))
	k, k2 := testKey(0), testKey(1)
	to := common.HexToAddress("0x77")
	poor := testKey(50)
	wrongChain := types.LatestSignerForChainID(big.NewInt(1))
	blob := types.MustSignNewTx(k, testSigner, &types.BlobTx{
		ChainID: uint256.NewInt(testChainID), Nonce: 0, GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(10 * params.GWei),
		Gas: 21000, To: to, BlobFeeCap: uint256.NewInt(1), BlobHashes: []common.Hash{{1}},
	})
	lowFee := types.MustSignNewTx(k2, testSigner, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), GasTipCap: big.NewInt(0), GasFeeCap: big.NewInt(1), Gas: 21000, To: &to})
	cases := []struct {
		name string
		tx   *types.Transaction
		err  error
		text string
	}{
		{"nonce too high", dynTx(k2, 5, &to, nil, 21000, nil), core.ErrNonceTooHigh, "nonce too high"},
		{"insufficient funds", dynTx(poor, 0, &to, big.NewInt(1), 21000, nil), core.ErrInsufficientFunds, "insufficient funds for gas * price + value"},
		{"intrinsic gas", dynTx(k2, 0, &to, nil, 20000, nil), core.ErrIntrinsicGas, "intrinsic gas too low"},
		{"blob tx", blob, core.ErrTxTypeNotSupported, "transaction type not supported"},
		{"wrong chain id", types.MustSignNewTx(k2, wrongChain, &types.DynamicFeeTx{ChainID: big.NewInt(1), GasFeeCap: big.NewInt(10 * params.GWei), Gas: 21000, To: &to}), ErrInvalidSender, "invalid sender"},
		{"tx gas cap", dynTx(k2, 0, &to, nil, params.MaxTxGas+1, nil), core.ErrGasLimitTooHigh, "transaction gas limit too high"},
		{"fee cap below base fee", lowFee, core.ErrFeeCapTooLow, "max fee per gas less than block base fee"},
	}
	b, bctx := c.builder()
	_, err := b.ApplyTx(dynTx(k, 0, &to, big.NewInt(5), 21000, nil))
	require.NoError(t, err)
	_, err = b.ApplyTx(dynTx(k, 0, &to, big.NewInt(5), 21000, nil))
	require.ErrorIs(t, err, core.ErrNonceTooLow)
	require.ErrorContains(t, err, "nonce too low")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := b.ApplyTx(tc.tx)
			require.ErrorIs(t, err, tc.err)
			require.ErrorContains(t, err, tc.text)
		})
	}
	require.Equal(t, uint64(21000), b.GasUsed())
	res := c.commit(b, bctx)
	require.Len(t, res.Txs, 1)
	require.Equal(t, uint256.NewInt(5), c.balance(to))
	require.Equal(t, uint64(0), c.nonce(keyAddr(k2)))
	require.Equal(t, oneEther, c.balance(keyAddr(k2)))
	_, err = Balance(c.st, keyAddr(poor))
	require.NoError(t, err)
	acct, err := ReadAccount(c.st, keyAddr(poor))
	require.NoError(t, err)
	require.Nil(t, acct, "rejected tx created no account")
}

func TestBlockGasExhausted(t *testing.T) {
	c := newChain(t, fundedAlloc(2))
	to := common.HexToAddress("0x77")
	bctx := c.nextContext()
	bctx.GasLimit = 30000
	b, err := NewBlockBuilder(testCfg, c.st, bctx, c.hashes)
	require.NoError(t, err)
	_, err = b.ApplyTx(dynTx(testKey(0), 0, &to, nil, 21000, nil))
	require.NoError(t, err)
	_, err = b.ApplyTx(dynTx(testKey(1), 0, &to, nil, 21000, nil))
	require.ErrorIs(t, err, core.ErrGasLimitReached)
	require.Equal(t, uint64(21000), b.GasUsed())
}
