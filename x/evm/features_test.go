package evm

import (
	"bytes"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

// initCodePrefixed runs prefix, then returns runtime as the contract code.
func initCodePrefixed(prefix, runtime []byte) []byte {
	n, off := byte(len(runtime)), byte(len(prefix)+12)
	copier := []byte{0x60, n, 0x60, off, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xf3}
	return append(append(append([]byte{}, prefix...), copier...), runtime...)
}

// selfdestructTo is code that self-destructs to ben.
func selfdestructTo(ben common.Address) []byte {
	return append(append([]byte{0x73}, ben[:]...), 0xff)
}

var storeOne = []byte{0x60, 0x01, 0x60, 0x01, 0x55} // SSTORE(1, 1)

func TestParentBlockHashSlot(t *testing.T) {
	c := newChain(t, fundedAlloc(1))
	genesisHash := c.head().Hash()
	c.block()
	v, err := Storage(c.st, params.HistoryStorageAddress, common.Hash{})
	require.NoError(t, err)
	require.Equal(t, genesisHash, v)
	parent := c.head().Hash()
	c.block()
	v, err = Storage(c.st, params.HistoryStorageAddress, common.BigToHash(big.NewInt(1)))
	require.NoError(t, err)
	require.Equal(t, parent, v)
}

func TestSelfDestructInCreatingTx(t *testing.T) {
	c := newChain(t, fundedAlloc(1))
	k, ben := testKey(0), common.HexToAddress("0xbe")
	created := crypto.CreateAddress(keyAddr(k), 0)
	code := append(append([]byte{}, storeOne...), selfdestructTo(ben)...)
	res := c.block(dynTx(k, 0, nil, big.NewInt(100), 200_000, code))
	require.Equal(t, types.ReceiptStatusSuccessful, res.Receipts[0].Status)
	acct, err := ReadAccount(c.st, created)
	require.NoError(t, err)
	require.Nil(t, acct)
	require.Empty(t, c.st.keys(StorageKey(created, common.Hash{})[:len(keyPrefix)+21]))
	require.Equal(t, uint256.NewInt(100), c.balance(ben))
}

func TestSelfDestructLaterKeepsAccount(t *testing.T) {
	c := newChain(t, fundedAlloc(1))
	k, ben := testKey(0), common.HexToAddress("0xbe")
	contract := crypto.CreateAddress(keyAddr(k), 0)
	c.block(dynTx(k, 0, nil, nil, 200_000, initCodePrefixed(storeOne, selfdestructTo(ben))))
	c.block(dynTx(k, 1, &contract, big.NewInt(7), 100_000, nil))
	acct, err := ReadAccount(c.st, contract)
	require.NoError(t, err)
	require.NotNil(t, acct, "EIP-6780: not deleted outside the creating tx")
	require.True(t, acct.Balance.IsZero())
	v, err := Storage(c.st, contract, common.BigToHash(big.NewInt(1)))
	require.NoError(t, err)
	require.Equal(t, common.BigToHash(big.NewInt(1)), v)
	require.Equal(t, uint256.NewInt(7), c.balance(ben))
}

func TestSetCodeTx(t *testing.T) {
	c := newChain(t, fundedAlloc(2))
	deployer, eoa := testKey(1), testKey(0)
	counter := crypto.CreateAddress(keyAddr(deployer), 0)
	c.block(dynTx(deployer, 0, nil, nil, 200_000, initCode(counterCode)))

	auth, err := types.SignSetCode(eoa, types.SetCodeAuthorization{ChainID: *uint256.NewInt(testChainID), Address: counter, Nonce: 0})
	require.NoError(t, err)
	target := keyAddr(eoa)
	tx := types.MustSignNewTx(deployer, testSigner, &types.SetCodeTx{
		ChainID: uint256.NewInt(testChainID), Nonce: 1, GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(10 * params.GWei),
		Gas: 200_000, To: target, AuthList: []types.SetCodeAuthorization{auth},
	})
	res := c.block(tx)
	require.Equal(t, types.ReceiptStatusSuccessful, res.Receipts[0].Status)
	code, err := Code(c.st, target)
	require.NoError(t, err)
	require.Equal(t, types.AddressToDelegation(counter), code)
	require.Equal(t, uint64(1), c.nonce(target))
	v, err := Storage(c.st, target, common.Hash{})
	require.NoError(t, err)
	require.Equal(t, common.BigToHash(big.NewInt(1)), v, "delegated code ran in the EOA's storage")

	// The EOA still sends transactions, and can clear its delegation.
	clearAuth, err := types.SignSetCode(eoa, types.SetCodeAuthorization{ChainID: *uint256.NewInt(testChainID), Nonce: 2})
	require.NoError(t, err)
	tx = types.MustSignNewTx(eoa, testSigner, &types.SetCodeTx{
		ChainID: uint256.NewInt(testChainID), Nonce: 1, GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(10 * params.GWei),
		Gas: 200_000, To: common.HexToAddress("0x55"), AuthList: []types.SetCodeAuthorization{clearAuth},
	})
	c.block(tx)
	code, err = Code(c.st, target)
	require.NoError(t, err)
	require.Empty(t, code)
	require.Equal(t, uint64(3), c.nonce(target))
}

func TestDeterministicBlock(t *testing.T) {
	c := newChain(t, fundedAlloc(3))
	k := testKey(0)
	txs := []*types.Transaction{
		dynTx(k, 0, nil, nil, 200_000, initCode(counterCode)),
		dynTx(testKey(1), 0, &common.Address{9}, big.NewInt(3), 21000, nil),
		dynTx(k, 1, ptr(crypto.CreateAddress(keyAddr(k), 0)), nil, 100_000, nil),
	}
	run := func() (*BlockResult, common.Hash) {
		b, bctx := c.builder()
		for _, tx := range txs {
			_, err := b.ApplyTx(tx)
			require.NoError(t, err)
		}
		res, err := b.Finish()
		require.NoError(t, err)
		return res, MakeHeader(bctx, res, common.Hash{1}).Hash()
	}
	r1, h1 := run()
	r2, h2 := run()
	require.Equal(t, r1.Changes, r2.Changes)
	require.Equal(t, h1, h2)
	j1, _ := json.Marshal(r1.Receipts)
	j2, _ := json.Marshal(r2.Receipts)
	require.JSONEq(t, string(j1), string(j2))
	_, err := (&BlockBuilder{finished: true}).Finish()
	require.ErrorIs(t, err, ErrBuilderFinished)
}

func ptr[T any](v T) *T { return &v }

func TestHeaderChain(t *testing.T) {
	c := newChain(t, fundedAlloc(1))
	to := common.Address{7}
	for i := range 3 {
		c.block(dynTx(testKey(0), uint64(i), &to, big.NewInt(1), 21000, nil))
	}
	for i := 1; i < len(c.headers); i++ {
		h, parent := c.headers[i], c.headers[i-1]
		require.Equal(t, parent.Hash(), h.ParentHash)
		require.Equal(t, NextBaseFeeWith(parent, DefaultBaseFeeParams()), h.BaseFee)
		require.Equal(t, types.EmptyUncleHash, h.UncleHash)
		require.Equal(t, types.EmptyRequestsHash, *h.RequestsHash)
		require.Equal(t, types.EmptyWithdrawalsHash, *h.WithdrawalsHash)
		require.Zero(t, h.Difficulty.Sign())
	}
	require.Equal(t, -1, c.headers[2].BaseFee.Cmp(c.headers[1].BaseFee), "base fee falls below target")
}

func TestBlockRecordRoundTrip(t *testing.T) {
	c := newChain(t, fundedAlloc(2))
	k := testKey(0)
	contract := crypto.CreateAddress(keyAddr(k), 0)
	c.block(dynTx(k, 0, nil, nil, 200_000, initCode(counterCode)))
	b, bctx := c.builder()
	for _, tx := range []*types.Transaction{
		dynTx(k, 1, &contract, nil, 100_000, nil),
		types.MustSignNewTx(testKey(1), testSigner, &types.LegacyTx{Nonce: 0, GasPrice: big.NewInt(10 * params.GWei), Gas: 200_000, Data: initCode(counterCode)}),
	} {
		_, err := b.ApplyTx(tx)
		require.NoError(t, err)
	}
	b.SystemLogs = append(b.SystemLogs, &types.Log{Address: FeeVault, Topics: []common.Hash{{0x51}}, Data: []byte{1}})
	res := c.commit(b, bctx)
	header := c.head()
	enc, err := EncodeBlockRecord(header, res.Txs, res.Receipts, res.SystemReceipt)
	require.NoError(t, err)
	rec, err := DecodeBlockRecord(enc)
	require.NoError(t, err)
	require.Equal(t, header.Hash(), rec.Hash)
	require.Equal(t, []common.Address{keyAddr(k), keyAddr(testKey(1))}, rec.Senders)
	want, _ := json.Marshal(append(res.Receipts, res.SystemReceipt))
	got, _ := json.Marshal(append(rec.Receipts, rec.SystemReceipt))
	require.JSONEq(t, string(want), string(got))
	require.Equal(t, SystemTxHash(header.Number.Uint64()), rec.SystemReceipt.TxHash)
	require.Equal(t, uint(1), rec.SystemReceipt.Logs[0].Index)
	require.True(t, header.Bloom.Test(common.Hash{0x51}.Bytes()), "system logs are in the block bloom")
	require.Equal(t, header.ReceiptHash, types.DeriveSha(types.Receipts(rec.Receipts), trieHasher()))

	_, err = DecodeBlockRecord(append([]byte{9}, enc[1:]...))
	require.ErrorIs(t, err, ErrRecordVersion)
	_, err = DecodeBlockRecord(enc[:len(enc)-3])
	require.ErrorIs(t, err, ErrRecordMalformed)
}

func TestGenesisChanges(t *testing.T) {
	a := common.HexToAddress("0xabc")
	alloc := []GenesisAlloc{{Address: a, Balance: uint256.NewInt(5), Nonce: 3, Code: []byte{0x00}, Storage: map[common.Hash]common.Hash{{2}: {0x22}, {1}: {0x11}}}}
	ch := GenesisChanges(alloc)
	for i := 1; i < len(ch); i++ {
		require.Negative(t, bytes.Compare(ch[i-1].Key, ch[i].Key))
	}
	require.Equal(t, ch, GenesisChanges(alloc))
	st := newMemStore()
	st.apply(t, ch)
	n, err := Nonce(st, params.HistoryStorageAddress)
	require.NoError(t, err)
	require.Equal(t, uint64(1), n)
	code, err := Code(st, params.HistoryStorageAddress)
	require.NoError(t, err)
	require.Equal(t, params.HistoryStorageCode, code)
	v, err := Storage(st, a, common.Hash{2})
	require.NoError(t, err)
	require.Equal(t, common.Hash{0x22}, v)
	checkSlotIndex(t, st, a, map[common.Hash]common.Hash{{2}: {0x22}, {1}: {0x11}})
}
