package abci

import (
	"crypto/rand"
	"encoding/hex"
	"math/big"
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
	"github.com/hyperion-rollup/hyperion/x/tenc"
	"github.com/hyperion-rollup/hyperion/x/tenc/envelope"
	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
)

// newThresholdHarness is a single-validator chain whose validator runs the DKG.
func newThresholdHarness(t *testing.T, modules ...Module) *harness {
	h := newHarnessWith(t, modules...)
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

// withheldRecorder records the withheld-share reports modules receive.
type withheldRecorder struct{ reports map[int64][][]byte }

func (*withheldRecorder) Name() string { return "withheld-recorder" }

func (*withheldRecorder) InitGenesis([]byte, system.ValidatorSet) ([]store.Change, error) {
	return nil, nil
}

func (r *withheldRecorder) EndBlock(ctx *EndBlockContext) ([]abcitypes.ValidatorUpdate, error) {
	if len(ctx.WithheldShares) > 0 {
		r.reports[ctx.Height] = ctx.WithheldShares
	}
	return nil, nil
}

func TestWithheldSharesExpireAndAreReported(t *testing.T) {
	rec := &withheldRecorder{reports: map[int64][][]byte{}}
	valAddr := ed25519.GenPrivKeyFromSecret([]byte("val")).PubKey().Address()
	t.Setenv(WithholdSharesEnv, "0x"+hex.EncodeToString(valAddr))
	h := newThresholdHarness(t, rec)
	for h.activeEon() == nil {
		h.step()
	}
	require.Empty(t, rec.reports, "nothing owed before the first envelope")
	dest := common.Address{0xd3}
	e, _ := h.sealTransfer(0, 0, dest)
	hash, err := h.app.SendEnvelope(e)
	require.NoError(t, err)
	require.Equal(t, []string{"system", "envelope"}, bodyKinds(t, h.step()))
	included := h.height
	for h.height < included+EnvelopeExpiry {
		require.NotContains(t, bodyKinds(t, h.step()), "revealed")
		require.Equal(t, [][]byte{valAddr.Bytes()}, rec.reports[h.height], "height %d", h.height)
	}
	rec0, err := keeper.NewView(h.st).Envelope(hash)
	require.NoError(t, err)
	require.Equal(t, keeper.StatusExpired, rec0.Status)
	require.Nil(t, rec0.InnerTx, "nothing revealed")
	require.Zero(t, h.balance(dest).Sign(), "inner tx never executed")
	h.step()
	require.NotContains(t, rec.reports, h.height, "nothing owed once the envelope expired")
}

func TestHonestValidatorNotReported(t *testing.T) {
	rec := &withheldRecorder{reports: map[int64][][]byte{}}
	t.Setenv(WithholdSharesEnv, "0x00")
	h := newThresholdHarness(t, rec)
	for h.activeEon() == nil {
		h.step()
	}
	e, _ := h.sealTransfer(0, 0, common.Address{0xd4})
	_, err := h.app.SendEnvelope(e)
	require.NoError(t, err)
	h.step()
	require.Equal(t, []string{"system", "revealed"}, bodyKinds(t, h.step()))
	require.Empty(t, rec.reports)
}

func TestWithholdSharesSwitch(t *testing.T) {
	addr := []byte{0xab, 0xcd}
	for val, want := range map[string]bool{"": false, "1": true, "true": true, "0xabcd": true, " 0x01, abcd ": true, "0x01": false, "zz": false} {
		t.Setenv(WithholdSharesEnv, val)
		require.Equal(t, want, withholdShares(addr), "%q", val)
	}
}

// TestSendEnvelopeConcurrentWithBlocks submits envelopes from another
// goroutine (as CheckTx and JSON-RPC do) while blocks commit; -race checks
// that SendEnvelope reads no consensus-owned chain state.
func TestSendEnvelopeConcurrentWithBlocks(t *testing.T) {
	h := newThresholdHarness(t)
	for h.activeEon() == nil {
		h.step()
	}
	envs := make([]*htypes.EncryptedTx, 4)
	for i := range envs {
		envs[i], _ = h.sealTransfer(i%3, uint64(i/3), common.Address{0xd5})
	}
	done := make(chan error, 1)
	go func() {
		var first error
		for _, e := range envs {
			if _, err := h.app.SendEnvelope(e); err != nil && first == nil {
				first = err
			}
		}
		done <- first
	}()
	for range 3 {
		h.step()
	}
	require.NoError(t, <-done)
}

// TestEnvelopeLocalStatus: a pooled envelope is "queued"; once included the
// node has nothing of its own to say (state answers); a second envelope with
// the same envelope nonce leaves the pool as "dropped" with the reason.
func TestEnvelopeLocalStatus(t *testing.T) {
	h := newThresholdHarness(t)
	for h.activeEon() == nil {
		h.step()
	}
	first, _ := h.sealTransfer(0, 0, common.Address{0xd1})
	h.nonces[0]--
	twin, _ := h.sealTransfer(0, 0, common.Address{0xd2})
	firstHash, err := h.app.SendEnvelope(first)
	require.NoError(t, err)
	twinHash, err := h.app.SendEnvelope(twin)
	require.NoError(t, err)
	status, _ := h.app.LocalEnvelopeStatus(firstHash)
	require.Equal(t, StatusQueued, status)

	require.Equal(t, []string{"system", "envelope"}, bodyKinds(t, h.step()))
	status, _ = h.app.LocalEnvelopeStatus(firstHash)
	require.Empty(t, status, "included: committed state reports it")
	rec, err := keeper.NewView(h.st).Envelope(firstHash)
	require.NoError(t, err)
	require.NotNil(t, rec)
	status, reason := h.app.LocalEnvelopeStatus(twinHash)
	require.Equal(t, StatusDropped, status)
	require.Contains(t, reason, "envelope nonce")
	rec, err = keeper.NewView(h.st).Envelope(twinHash)
	require.NoError(t, err)
	require.Nil(t, rec, "the twin was never included")
}
