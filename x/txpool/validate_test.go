package txpool

import (
	"crypto/ecdsa"
	"math"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

func TestAddAcceptsSupportedTypes(t *testing.T) {
	key := testKey(0)
	p := New(DefaultConfig(), testChain, fundedState(1), testHead)
	auth, err := types.SignSetCode(testKey(1), types.SetCodeAuthorization{
		ChainID: *uint256.MustFromBig(testChainID), Address: testTo, Nonce: 0,
	})
	require.NoError(t, err)
	txs := []*types.Transaction{
		signTx(key, &types.LegacyTx{Nonce: 0, GasPrice: big.NewInt(200), Gas: 21000, To: &testTo}),
		signTx(key, &types.AccessListTx{ChainID: testChainID, Nonce: 1, GasPrice: big.NewInt(200), Gas: 21000, To: &testTo}),
		dynTx(key, 2, 200, 10),
		signTx(key, &types.SetCodeTx{
			ChainID: uint256.MustFromBig(testChainID), Nonce: 3, GasTipCap: uint256.NewInt(10),
			GasFeeCap: uint256.NewInt(200), Gas: 100_000, To: testTo, Value: new(uint256.Int),
			AuthList: []types.SetCodeAuthorization{auth},
		}),
	}
	for _, tx := range txs {
		require.NoError(t, p.Add(tx), "type %d", tx.Type())
	}
	pending, queued := p.Stats()
	require.Equal(t, 4, pending)
	require.Zero(t, queued)
	require.Equal(t, uint64(4), p.PendingNonce(addrOf(key)))
	checkInvariants(t, p)
}

// errorCase is one rejected transaction: setup fills the pool first, then tx
// must fail with want (errors.Is) and text (in err.Error()), pool unchanged.
type errorCase struct {
	name  string
	cfg   Config
	head  Head
	state func(s *memState)
	setup func(t *testing.T, p *Pool)
	tx    func() *types.Transaction
	want  error
	text  string
}

func TestAddErrors(t *testing.T) {
	key, other := testKey(0), testKey(1)
	for _, c := range addErrorCases(key, other) {
		t.Run(c.name, func(t *testing.T) {
			state := fundedState(2)
			if c.state != nil {
				c.state(state)
			}
			cfg, head := c.cfg, c.head
			if cfg == (Config{}) {
				cfg = DefaultConfig()
			}
			if head.GasLimit == 0 {
				head = testHead
			}
			p := New(cfg, testChain, state, head)
			if c.setup != nil {
				c.setup(t, p)
			}
			before := takeSnapshot(p)
			err := p.Add(c.tx())
			require.ErrorIs(t, err, c.want)
			require.Contains(t, err.Error(), c.text)
			require.Equal(t, before, takeSnapshot(p), "pool changed by a rejected tx")
			checkInvariants(t, p)
		})
	}
}

func addErrorCases(key, other *ecdsa.PrivateKey) []errorCase {
	over256 := new(big.Int).Lsh(big.NewInt(1), 256)
	dyn := func(d types.DynamicFeeTx) func() *types.Transaction {
		return func() *types.Transaction {
			d.ChainID, d.To = testChainID, &testTo
			if d.Gas == 0 {
				d.Gas = 21000
			}
			if d.GasFeeCap == nil {
				d.GasFeeCap = big.NewInt(200)
			}
			if d.GasTipCap == nil {
				d.GasTipCap = big.NewInt(10)
			}
			return signTx(key, &d)
		}
	}
	addOne := func(txs ...*types.Transaction) func(t *testing.T, p *Pool) {
		return func(t *testing.T, p *Pool) {
			for _, tx := range txs {
				require.NoError(t, p.Add(tx))
			}
		}
	}
	first := dynTx(key, 0, 1000, 100)
	return []errorCase{
		{name: "nonce too low", state: func(s *memState) { s.set(addrOf(key), 5, richFunds) },
			tx: dyn(types.DynamicFeeTx{Nonce: 3}), want: ErrNonceTooLow, text: "nonce too low"},
		{name: "insufficient funds", state: func(s *memState) { s.set(addrOf(key), 0, uint256.NewInt(21000*200)) },
			tx: dyn(types.DynamicFeeTx{Value: big.NewInt(1)}), want: ErrInsufficientFunds,
			text: "insufficient funds for gas * price + value"},
		{name: "insufficient funds with pooled txs",
			state: func(s *memState) { s.set(addrOf(key), 0, uint256.NewInt(21000*1000+1+21000*200)) },
			setup: addOne(first), tx: dyn(types.DynamicFeeTx{Nonce: 1, Value: big.NewInt(1)}),
			want: ErrInsufficientFunds, text: "insufficient funds for gas * price + value"},
		{name: "intrinsic gas too low", tx: dyn(types.DynamicFeeTx{Gas: 20999}),
			want: ErrIntrinsicGas, text: "intrinsic gas too low"},
		{name: "EIP-7623 floor", tx: dyn(types.DynamicFeeTx{Gas: 40000, Data: bytesOf(1000, 0xff)}),
			want: ErrFloorDataGas, text: "intrinsic gas too low"},
		{name: "replacement underpriced", setup: addOne(first),
			tx:   dyn(types.DynamicFeeTx{GasFeeCap: big.NewInt(1090), GasTipCap: big.NewInt(109)}),
			want: ErrReplaceUnderpriced, text: "replacement transaction underpriced"},
		{name: "blob tx type", tx: func() *types.Transaction { return blobTx(key) },
			want: ErrTxTypeNotSupported, text: "transaction type not supported"},
		{name: "wrong chain id", tx: func() *types.Transaction {
			return types.MustSignNewTx(key, types.LatestSignerForChainID(big.NewInt(1)), &types.DynamicFeeTx{
				ChainID: big.NewInt(1), GasFeeCap: big.NewInt(200), GasTipCap: big.NewInt(1), Gas: 21000, To: &testTo})
		}, want: ErrInvalidSender, text: "invalid sender"},
		{name: "bad signature", tx: func() *types.Transaction { return badSignature(key) },
			want: ErrInvalidSender, text: "invalid sender"},
		{name: "oversized data", tx: dyn(types.DynamicFeeTx{Gas: 10_000_000, Data: bytesOf(130*1024, 1)}),
			want: ErrOversizedData, text: "oversized data"},
		{name: "block gas limit", head: Head{Number: 10, BaseFee: big.NewInt(100), GasLimit: 1_000_000},
			tx: dyn(types.DynamicFeeTx{Gas: 1_000_001}), want: ErrGasLimit, text: "exceeds block gas limit"},
		{name: "EIP-7825 cap", head: Head{Number: 10, BaseFee: big.NewInt(100), GasLimit: 60_000_000},
			tx: dyn(types.DynamicFeeTx{Gas: params.MaxTxGas + 1}), want: ErrGasLimitTooHigh,
			text: "transaction gas limit too high"},
		{name: "already known", setup: addOne(first), tx: func() *types.Transaction { return first },
			want: ErrAlreadyKnown, text: "already known"},
		{name: "fee cap below base fee", tx: dyn(types.DynamicFeeTx{GasFeeCap: big.NewInt(99), GasTipCap: big.NewInt(1)}),
			want: ErrFeeCapTooLow, text: "max fee per gas less than block base fee"},
		{name: "pool full", cfg: Config{GlobalSlots: 1},
			setup: addOne(dynTx(other, 0, 1000, 100)), tx: dyn(types.DynamicFeeTx{GasTipCap: big.NewInt(100)}),
			want: ErrTxPoolOverflow, text: "txpool is full"},
		{name: "negative value", tx: dyn(types.DynamicFeeTx{Value: big.NewInt(-1)}),
			want: ErrNegativeValue, text: "negative value"},
		{name: "tip above fee cap", tx: dyn(types.DynamicFeeTx{GasFeeCap: big.NewInt(200), GasTipCap: big.NewInt(201)}),
			want: ErrTipAboveFeeCap, text: "max priority fee per gas higher than max fee per gas"},
		{name: "fee cap over 2^256", tx: dyn(types.DynamicFeeTx{GasFeeCap: over256}),
			want: ErrFeeCapVeryHigh, text: "max fee per gas higher than 2^256-1"},
		{name: "tip over 2^256", tx: dyn(types.DynamicFeeTx{GasTipCap: over256}),
			want: ErrTipVeryHigh, text: "max priority fee per gas higher than 2^256-1"},
		{name: "nonce max", state: func(s *memState) { s.set(addrOf(key), math.MaxUint64-1, richFunds) },
			tx: dyn(types.DynamicFeeTx{Nonce: math.MaxUint64}), want: ErrNonceMax, text: "nonce has max value"},
		{name: "account queue full", cfg: Config{AccountQueue: 1}, setup: addOne(dynTx(key, 5, 1000, 100)),
			tx: dyn(types.DynamicFeeTx{Nonce: 6}), want: ErrAccountLimitExceeded, text: "account limit exceeded"},
	}
}

func bytesOf(n int, b byte) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}

// blobTx signs an EIP-4844 transaction, which the rollup pool refuses.
func blobTx(key *ecdsa.PrivateKey) *types.Transaction {
	return signTx(key, &types.BlobTx{
		ChainID: uint256.MustFromBig(testChainID), GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(200),
		Gas: 21000, To: testTo, Value: new(uint256.Int), BlobFeeCap: uint256.NewInt(1),
		BlobHashes: []common.Hash{{0x01}},
	})
}

// badSignature returns a transaction whose signature recovers no key.
func badSignature(key *ecdsa.PrivateKey) *types.Transaction {
	tx := dynTx(key, 0, 200, 1)
	sig := make([]byte, crypto.SignatureLength)
	sig[31], sig[63] = 1, 1 // r = s = 1: no valid public key
	sig[64] = 5             // invalid recovery id
	bad, err := tx.WithSignature(testSigner, sig)
	if err != nil {
		panic(err)
	}
	return bad
}

func TestDecodeTx(t *testing.T) {
	tx := dynTx(testKey(0), 0, 200, 1)
	raw, err := tx.MarshalBinary()
	require.NoError(t, err)
	got, err := DecodeTx(raw, DefaultMaxTxSize)
	require.NoError(t, err)
	require.Equal(t, tx.Hash(), got.Hash())

	_, err = DecodeTx(append([]byte{0x05}, raw[1:]...), DefaultMaxTxSize)
	require.ErrorIs(t, err, ErrTxTypeNotSupported)
	require.Contains(t, err.Error(), "transaction type not supported")

	_, err = DecodeTx(raw, uint64(len(raw)-1))
	require.ErrorIs(t, err, ErrOversizedData)
}

func TestRetryable(t *testing.T) {
	require.True(t, Retryable(ErrTxPoolOverflow))
	require.True(t, Retryable(ErrFeeCapTooLow))
	require.False(t, Retryable(ErrNonceTooLow))
	require.False(t, Retryable(ErrInvalidSender))
}
