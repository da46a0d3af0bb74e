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

// messageCases are transactions of every type and fee shape:
// tips under and over the fee cap's room above the base fee, zero and huge
// values, a creation, access lists, delegations and a signature for another
// chain.
func messageCases(t *testing.T) []*types.Transaction {
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	to := common.HexToAddress("0x1234")
	huge := new(big.Int).Sub(new(big.Int).Lsh(common.Big1, 256), common.Big1)
	chainID := big.NewInt(testChainID)
	list := types.AccessList{{Address: to, StorageKeys: []common.Hash{{1}}}}
	auth, err := types.SignSetCode(key, types.SetCodeAuthorization{ChainID: *uint256.NewInt(testChainID), Address: to, Nonce: 3})
	require.NoError(t, err)
	inners := []types.TxData{
		&types.LegacyTx{Nonce: 1, GasPrice: big.NewInt(2 * params.GWei), Gas: 21000, To: &to, Value: big.NewInt(5)},
		&types.LegacyTx{Nonce: 2, GasPrice: big.NewInt(0), Gas: 90000, Data: []byte{0x60, 0}},
		&types.AccessListTx{ChainID: chainID, Nonce: 3, GasPrice: huge, Gas: 30000, To: &to, Value: huge, AccessList: list},
		&types.DynamicFeeTx{ChainID: chainID, Nonce: 4, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(10 * params.GWei), Gas: 21000, To: &to},
		&types.DynamicFeeTx{ChainID: chainID, Nonce: 5, GasTipCap: big.NewInt(9 * params.GWei), GasFeeCap: big.NewInt(params.GWei), Gas: 21000, To: &to},
		&types.DynamicFeeTx{ChainID: chainID, Nonce: 6, GasTipCap: huge, GasFeeCap: huge, Gas: 21000, To: &to, Data: []byte{1, 2}},
		&types.DynamicFeeTx{ChainID: chainID, Nonce: 7, GasTipCap: big.NewInt(0), GasFeeCap: big.NewInt(0), Gas: 21000, To: &to},
		&types.SetCodeTx{ChainID: uint256.NewInt(testChainID), Nonce: 8, GasTipCap: uint256.NewInt(2), GasFeeCap: uint256.NewInt(params.GWei),
			Gas: 60000, To: to, Value: uint256.NewInt(9), AccessList: list, AuthList: []types.SetCodeAuthorization{auth}},
		&types.BlobTx{ChainID: uint256.NewInt(testChainID), Nonce: 9, GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(params.GWei),
			Gas: 21000, To: to, BlobFeeCap: uint256.NewInt(7), BlobHashes: []common.Hash{{0x01, 2}}},
	}
	var txs []*types.Transaction
	for _, inner := range inners {
		txs = append(txs, types.MustSignNewTx(key, testSigner, inner))
	}
	other := types.LatestSignerForChainID(big.NewInt(testChainID + 1))
	txs = append(txs, types.MustSignNewTx(key, other, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID + 1), Nonce: 10,
		GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(params.GWei), Gas: 21000, To: &to}))
	return txs
}

// TestMessageOfMatchesGeth: messageOf returns core.TransactionToMessage's
// message, or its error, for every case and base fee.
func TestMessageOfMatchesGeth(t *testing.T) {
	txs := messageCases(t)
	huge := new(big.Int).Lsh(common.Big1, 255)
	for _, baseFee := range []*big.Int{nil, big.NewInt(0), big.NewInt(params.InitialBaseFee), big.NewInt(5 * params.GWei), huge} {
		for i, tx := range txs {
			want, wantErr := core.TransactionToMessage(tx, testSigner, baseFee)
			got, err := messageOf(tx, testSigner, baseFee)
			if wantErr != nil {
				require.EqualError(t, err, wantErr.Error(), "tx %d", i)
				continue
			}
			require.NoError(t, err, "tx %d", i)
			require.Equal(t, want, got, "tx %d, base fee %v", i, baseFee)
		}
	}
}

// BenchmarkMessageOf compares messageOf with core.TransactionToMessage on
// signature-cached EIP-1559 transfers.
func BenchmarkMessageOf(b *testing.B) {
	w := namedWorkloads(1000)["transfers"]()
	baseFee := big.NewInt(params.InitialBaseFee)
	for _, tx := range w.txs {
		_, _ = types.Sender(testSigner, tx)
	}
	b.Run("core.TransactionToMessage", func(b *testing.B) {
		for b.Loop() {
			for _, tx := range w.txs {
				_, _ = core.TransactionToMessage(tx, testSigner, baseFee)
			}
		}
	})
	b.Run("messageOf", func(b *testing.B) {
		for b.Loop() {
			for _, tx := range w.txs {
				_, _ = messageOf(tx, testSigner, baseFee)
			}
		}
	})
}
