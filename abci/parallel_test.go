package abci

import (
	"math/big"
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

// TestParallelExecutorMatchesSequential runs the same blocks on a
// sequential and a Block-STM node: same acceptance, results and app hashes,
// a verified block with a tx that fails validation is rejected, and a
// decided one records it as failed on both.
func TestParallelExecutorMatchesSequential(t *testing.T) {
	seq, par := newHarness(t), newHarness(t)
	par.app.exec = ExecutorOptions{Parallel: true, Workers: 2}
	seq.step()
	par.step()
	for u := range seq.users { // three 4-tx nonce chains: large enough for the engine
		for range 4 {
			tx := seq.transfer(u, int64(1+u))
			seq.send(tx)
			par.send(tx)
		}
	}
	block := seq.prepare()
	require.Len(t, block, 13)
	before := ParallelBlocks()
	require.Equal(t, abcitypes.ResponseProcessProposal_ACCEPT, seq.process(block))
	require.Equal(t, abcitypes.ResponseProcessProposal_ACCEPT, par.process(block))
	require.Greater(t, ParallelBlocks(), before, "the block went through Block-STM")
	requireSameFinalize(t, seq.commit(block), par.commit(block))

	for u := range seq.users {
		for range 3 {
			tx := seq.transfer(u, int64(1+u))
			seq.send(tx)
			par.send(tx)
		}
	}
	bad := append(seq.prepare(), ethRaw(t, unfundedTransfer(t)))
	require.Equal(t, abcitypes.ResponseProcessProposal_REJECT, seq.process(bad))
	require.Equal(t, abcitypes.ResponseProcessProposal_REJECT, par.process(bad))
	want, got := seq.commit(bad), par.commit(bad)
	requireSameFinalize(t, want, got)
	last := got.TxResults[len(got.TxResults)-1]
	require.Equal(t, uint32(codeTxFailed), last.Code)
	require.Contains(t, last.Log, "insufficient funds")
}

func requireSameFinalize(t *testing.T, want, got *abcitypes.ResponseFinalizeBlock) {
	t.Helper()
	require.Equal(t, want.AppHash, got.AppHash)
	require.Equal(t, len(want.TxResults), len(got.TxResults))
	for i := range want.TxResults {
		require.Equal(t, want.TxResults[i].Code, got.TxResults[i].Code, "tx %d", i)
		require.Equal(t, want.TxResults[i].GasUsed, got.TxResults[i].GasUsed, "tx %d", i)
		require.Equal(t, want.TxResults[i].Log, got.TxResults[i].Log, "tx %d", i)
	}
}

// unfundedTransfer is a well-formed tx with the lowest tip (so it sorts
// last) from an account that cannot pay for it.
func unfundedTransfer(t *testing.T) *types.Transaction {
	key, err := crypto.ToECDSA(crypto.Keccak256([]byte("unfunded")))
	require.NoError(t, err)
	return types.MustSignNewTx(key, types.LatestSignerForChainID(big.NewInt(31337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(31337), GasTipCap: big.NewInt(0), GasFeeCap: big.NewInt(10_000_000_000),
		Gas: 21_000, To: &common.Address{0xbb}, Value: big.NewInt(1),
	})
}

func ethRaw(t *testing.T, tx *types.Transaction) []byte {
	raw, err := ethEnvelope(tx)
	require.NoError(t, err)
	return raw
}
