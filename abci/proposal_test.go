package abci

import (
	"context"
	"encoding/json"
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/evm"
)

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

func TestBlocksCarryCommitInfoFromHeightTwo(t *testing.T) {
	h := newHarness(t)
	first := h.step()
	require.Empty(t, first, "height 1 has no previous extensions")
	second := h.step()
	require.Len(t, second, 1)
	env, err := decodeEnvelope(second[0])
	require.NoError(t, err)
	require.NotNil(t, env.GetSystem().GetCommitInfo())
	require.Equal(t, int64(1), env.GetSystem().GetCommitInfo().Height)
}

func TestProcessRejectsWhatPrepareWouldNotMake(t *testing.T) {
	h := newHarness(t)
	h.step()
	h.send(h.transfer(0, 1))
	h.send(h.transfer(1, 5))
	txs := h.prepare()
	require.Len(t, txs, 3)

	cases := map[string][][]byte{
		"missing commit info": txs[1:],
		"lane order":          {txs[1], txs[0], txs[2]},
		"fee order":           {txs[0], txs[2], txs[1]},
		"duplicate tx":        {txs[0], txs[1], txs[1]},
		"garbage":             {txs[0], {0xde, 0xad}},
		"second commit info":  {txs[0], txs[0], txs[1]},
	}
	for name, bad := range cases {
		require.Equal(t, abcitypes.ResponseProcessProposal_REJECT, h.process(bad), name)
	}
	require.Equal(t, abcitypes.ResponseProcessProposal_ACCEPT, h.process(txs))
}

func TestPrepareOrdersByTipThenNonce(t *testing.T) {
	h := newHarness(t)
	h.step()
	low0, low1 := h.transfer(0, 1), h.transfer(0, 100) // same sender: nonce order wins over tip
	high := h.transfer(1, 50)
	for _, tx := range []*types.Transaction{low1, low0, high} {
		h.app.SendTx(tx) // low1 first is queued until low0 arrives
	}
	txs := h.prepare()
	require.Len(t, txs, 4)
	var got []common.Hash
	for _, raw := range txs[1:] {
		env, err := decodeEnvelope(raw)
		require.NoError(t, err)
		tx, err := decodeEthTx(env.GetEthTx())
		require.NoError(t, err)
		got = append(got, tx.Hash())
	}
	require.Equal(t, []common.Hash{high.Hash(), low0.Hash(), low1.Hash()}, got)
}

func TestCommitIndexesBlocksAndRestartResumes(t *testing.T) {
	h := newHarness(t)
	h.step()
	tx := h.transfer(2, 2)
	h.send(tx)
	h.step()
	h.step()
	info, err := h.app.Info(context.Background(), &abcitypes.RequestInfo{})
	require.NoError(t, err)
	require.Equal(t, int64(3), info.LastBlockHeight)

	height, idx, err := h.ix.TxLocation(tx.Hash())
	require.NoError(t, err)
	require.Equal(t, int64(2), height)
	require.Equal(t, 0, idx)
	gen, err := h.app.blockRecord(0)
	require.NoError(t, err)
	one, err := h.app.blockRecord(1)
	require.NoError(t, err)
	require.Equal(t, gen.Header.Hash(), one.Header.ParentHash)
	require.Equal(t, common.BytesToHash(info.LastBlockAppHash), h.app.chain.lastHeader.Root)

	// Restart: a fresh App over the same databases resumes at height 3.
	h.close()
	h.open()
	info2, err := h.app.Info(context.Background(), &abcitypes.RequestInfo{})
	require.NoError(t, err)
	require.Equal(t, info.LastBlockAppHash, info2.LastBlockAppHash)
	h.step()
	require.Equal(t, uint64(4), h.app.chain.lastHeader.Number.Uint64())
}

func TestRestartDropsIndexAboveSavedVersion(t *testing.T) {
	h := newHarness(t)
	h.step()
	h.step()
	// Simulate a crash after the index write of height 3 and before SaveVersion.
	payload, err := evm.EncodeBlockRecord(h.app.chain.lastHeader, nil, nil, nil)
	require.NoError(t, err)
	require.NoError(t, h.ix.PutBlock(3, [32]byte{3}, [][32]byte{{9}}, payload))
	h.close()
	h.open()
	require.Equal(t, int64(2), h.ix.LatestHeight())
	_, _, err = h.ix.TxLocation([32]byte{9})
	require.Error(t, err)
	h.step()
}

func TestVoteExtensionChecks(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	ok, err := h.app.VerifyVoteExtension(ctx, &abcitypes.RequestVerifyVoteExtension{VoteExtension: nil})
	require.NoError(t, err)
	require.Equal(t, abcitypes.ResponseVerifyVoteExtension_ACCEPT, ok.Status)
	bad, err := h.app.VerifyVoteExtension(ctx, &abcitypes.RequestVerifyVoteExtension{VoteExtension: []byte{0xff, 0x01}})
	require.NoError(t, err)
	require.Equal(t, abcitypes.ResponseVerifyVoteExtension_REJECT, bad.Status)
}

func TestMempoolGlueRejectsSystemTxs(t *testing.T) {
	h := newHarness(t)
	raw, err := commitInfoEnvelope(&htypes.CommitInfo{Height: 1})
	require.NoError(t, err)
	res, err := h.app.CheckTx(context.Background(), &abcitypes.RequestCheckTx{Tx: raw})
	require.NoError(t, err)
	require.Equal(t, uint32(codeRejected), res.Code)

	tx := h.transfer(0, 1)
	env, err := ethEnvelope(tx)
	require.NoError(t, err)
	ins, err := h.app.InsertTx(context.Background(), &abcitypes.RequestInsertTx{Tx: env})
	require.NoError(t, err)
	require.Equal(t, abcitypes.CodeTypeOK, ins.Code)
	reaped, err := h.app.ReapTxs(context.Background(), &abcitypes.RequestReapTxs{})
	require.NoError(t, err)
	require.Equal(t, [][]byte{env}, reaped.Txs)
	again, err := h.app.ReapTxs(context.Background(), &abcitypes.RequestReapTxs{})
	require.NoError(t, err)
	require.Empty(t, again.Txs, "each tx is reaped once")
}
