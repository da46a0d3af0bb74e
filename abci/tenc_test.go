package abci

import (
	"crypto/rand"
	"math/big"
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/tenc"
	"github.com/hyperion-rollup/hyperion/x/tenc/envelope"
	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
)

// newThresholdHarness is a single-validator chain whose validator runs the DKG.
func newThresholdHarness(t *testing.T) *harness {
	h := newHarness(t)
	dkgKey, err := crypto.ToECDSA(crypto.Keccak256([]byte("dkg")))
	require.NoError(t, err)
	h.app.SetThresholdKeys(h.valKey.PubKey().Address(), dkgKey)
	return h
}

func (h *harness) activeEon() *keeper.Eon {
	eon, err := keeper.NewView(h.st).ActiveEon()
	require.NoError(h.t, err)
	return eon
}

// sealTransfer encrypts a transfer of user to the active eon.
func (h *harness) sealTransfer(user int, envNonce uint64, to common.Address) (*htypes.EncryptedTx, *types.Transaction) {
	eon := h.activeEon()
	keys, err := tenc.EonKeysFromBytes(eon.Keys)
	require.NoError(h.t, err)
	inner := h.transferTo(user, to)
	raw, err := inner.MarshalBinary()
	require.NoError(h.t, err)
	e := &htypes.EncryptedTx{Eon: eon.Eon, EnvelopeNonce: envNonce, Salt: make([]byte, tenc.SaltSize),
		GasLimit: envelope.IntrinsicGas(len(raw) + 300), MaxFeePerGas: big.NewInt(10_000_000_000).Bytes()}
	_, _ = rand.Read(e.Salt)
	e.Sender = crypto.PubkeyToAddress(h.users[user].PublicKey).Bytes()
	id := envelope.Identity(31337, e)
	ct, err := tenc.Encrypt(nil, keys.PublicKey, id.Point(), raw)
	require.NoError(h.t, err)
	e.Ciphertext = ct.Bytes()
	e.GasLimit = envelope.IntrinsicGas(len(e.Ciphertext))
	require.NoError(h.t, envelope.Sign(31337, e, h.users[user]))
	return e, inner
}

func (h *harness) transferTo(user int, to common.Address) *types.Transaction {
	tx := types.MustSignNewTx(h.users[user], types.LatestSignerForChainID(big.NewInt(31337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(31337), Nonce: h.nonces[user], GasTipCap: big.NewInt(1),
		GasFeeCap: big.NewInt(10_000_000_000), Gas: 21_000, To: &to, Value: big.NewInt(7),
	})
	h.nonces[user]++
	return tx
}

func bodyKinds(t *testing.T, txs [][]byte) []string {
	var out []string
	for _, raw := range txs {
		env, err := decodeEnvelope(raw)
		require.NoError(t, err)
		switch env.Body.(type) {
		case *htypes.Tx_System:
			out = append(out, "system")
		case *htypes.Tx_Revealed:
			out = append(out, "revealed")
		case *htypes.Tx_EthTx:
			out = append(out, "eth")
		case *htypes.Tx_Encrypted:
			out = append(out, "envelope")
		}
	}
	return out
}

func TestDKGSingleValidatorWithinTenBlocks(t *testing.T) {
	h := newThresholdHarness(t)
	for h.height < 10 && h.activeEon() == nil {
		h.step()
	}
	eon := h.activeEon()
	require.NotNil(t, eon, "no eon key after %d blocks", h.height)
	require.LessOrEqual(t, eon.Since, int64(10))
	require.Equal(t, uint64(1), eon.Eon)
	require.Len(t, eon.Members, 1)
}

func TestEncryptedTransferRevealedNextBlock(t *testing.T) {
	h := newThresholdHarness(t)
	for h.activeEon() == nil {
		h.step()
	}
	dest := []common.Address{{0xd1}, {0xd2}}
	vaultBefore := h.balance(evm.FeeVault)
	e0, in0 := h.sealTransfer(0, 0, dest[0])
	e1, in1 := h.sealTransfer(1, 0, dest[1])
	for _, e := range []*htypes.EncryptedTx{e0, e1} {
		_, err := h.app.SendEnvelope(e)
		require.NoError(t, err)
	}
	txs := h.step()
	require.Equal(t, []string{"system", "envelope", "envelope"}, bodyKinds(t, txs))
	require.True(t, h.balance(evm.FeeVault).Cmp(vaultBefore) > 0, "envelope fees charged at inclusion")
	require.Zero(t, h.balance(dest[0]).Sign())

	next := h.prepare()
	require.Equal(t, []string{"system", "revealed", "revealed"}, bodyKinds(t, next))
	// A proposal that swaps the decrypted lane or puts a tx before it is rejected.
	swapped := [][]byte{next[0], next[2], next[1]}
	require.Equal(t, abcitypes.ResponseProcessProposal_REJECT, h.process(swapped))
	plain, err := ethEnvelope(h.transferTo(2, common.Address{0xee}))
	require.NoError(t, err)
	require.Equal(t, abcitypes.ResponseProcessProposal_REJECT, h.process([][]byte{next[0], plain, next[1], next[2]}))
	require.Equal(t, abcitypes.ResponseProcessProposal_REJECT, h.process(next[:2]), "omitting a keyed envelope")
	require.Equal(t, abcitypes.ResponseProcessProposal_ACCEPT, h.process(next))
	res := h.commit(next)
	require.Equal(t, uint32(0), res.TxResults[1].Code)
	require.Equal(t, big.NewInt(7), h.balance(dest[0]).ToBig())
	require.Equal(t, big.NewInt(7), h.balance(dest[1]).ToBig())

	v := keeper.NewView(h.st)
	for i, e := range []*htypes.EncryptedTx{e0, e1} {
		hash, err := envelope.Hash(31337, e)
		require.NoError(t, err)
		rec, err := v.Envelope(hash)
		require.NoError(t, err)
		require.Equal(t, keeper.StatusRevealed, rec.Status)
		require.Equal(t, []common.Hash{in0.Hash(), in1.Hash()}[i], *rec.InnerTx)
	}
	pending, err := v.PendingEnvelopes()
	require.NoError(t, err)
	require.Empty(t, pending)
}

func (h *harness) balance(addr common.Address) *uint256.Int {
	b, err := evm.Balance(h.st, addr)
	require.NoError(h.t, err)
	if b == nil {
		return new(uint256.Int)
	}
	return b
}
