package abci

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
	"github.com/hyperion-rollup/hyperion/x/txpool"
)

const testChainID = "hyperion-test"

var genesisTime = time.Unix(1_800_000_000, 0)

// harness drives the App as CometBFT would for a single validator.
type harness struct {
	t       *testing.T
	dir     string
	app     *App
	st      *store.Store
	ix      *store.Index
	valKey  ed25519.PrivKey
	users   []*ecdsa.PrivateKey
	nonces  []uint64
	height  int64
	modules []Module
}

func newHarness(t *testing.T) *harness { return newHarnessWith(t) }

func newHarnessWith(t *testing.T, modules ...Module) *harness {
	h := &harness{t: t, dir: t.TempDir(), valKey: ed25519.GenPrivKeyFromSecret([]byte("val")), modules: modules}
	for i := range 3 {
		key, err := crypto.ToECDSA(crypto.Keccak256([]byte{byte(i + 1)}))
		require.NoError(t, err)
		h.users = append(h.users, key)
		h.nonces = append(h.nonces, 0)
	}
	h.open()
	h.initChain()
	return h
}

func (h *harness) open() {
	var err error
	h.st, err = store.Open(store.Options{Dir: filepath.Join(h.dir, "state")})
	require.NoError(h.t, err)
	h.ix, err = store.OpenIndex(filepath.Join(h.dir, "index"))
	require.NoError(h.t, err)
	pool := txpool.New(txpool.DefaultConfig(), evm.ChainConfig(31337), nil, txpool.Head{})
	h.app, err = New(Options{Store: h.st, Index: h.ix, Pool: pool, Modules: h.modules})
	require.NoError(h.t, err)
	h.t.Cleanup(h.close)
}

func (h *harness) close() {
	h.ix.Close()
	h.st.Close()
}

func (h *harness) initChain() {
	gen := system.DefaultGenesisState(31337)
	for _, k := range h.users {
		gen.Alloc[crypto.PubkeyToAddress(k.PublicKey)] = system.GenesisAccount{Balance: "1000000000000000000000"}
	}
	raw, err := jsonMarshal(gen)
	require.NoError(h.t, err)
	pub := h.valKey.PubKey().(ed25519.PubKey)
	params := cmttypes.DefaultConsensusParams().ToProto()
	params.Abci.VoteExtensionsEnableHeight = 1
	_, err = h.app.InitChain(context.Background(), &abcitypes.RequestInitChain{
		Time: genesisTime, ChainId: testChainID, AppStateBytes: raw, InitialHeight: 1,
		ConsensusParams: &params,
		Validators:      []abcitypes.ValidatorUpdate{abcitypes.Ed25519ValidatorUpdate(pub, 10)},
	})
	require.NoError(h.t, err)
}

// lastCommit is the extended commit CometBFT hands the next proposer.
func (h *harness) lastCommit() abcitypes.ExtendedCommitInfo {
	if h.height == 0 {
		return abcitypes.ExtendedCommitInfo{}
	}
	ext, err := h.app.ExtendVote(context.Background(), &abcitypes.RequestExtendVote{Height: h.height})
	require.NoError(h.t, err)
	msg := cmttypes.VoteExtensionSignBytes(testChainID, &cmtproto.Vote{Height: h.height, Extension: ext.VoteExtension})
	sig, err := h.valKey.Sign(msg)
	require.NoError(h.t, err)
	pub := h.valKey.PubKey()
	return abcitypes.ExtendedCommitInfo{Votes: []abcitypes.ExtendedVoteInfo{{
		Validator:     abcitypes.Validator{Address: pub.Address(), Power: 10},
		VoteExtension: ext.VoteExtension, ExtensionSignature: sig, BlockIdFlag: cmtproto.BlockIDFlagCommit,
	}}}
}

func (h *harness) blockTime() time.Time {
	return genesisTime.Add(time.Duration(h.height+1) * time.Second)
}

// prepare asks the app for the next block.
func (h *harness) prepare() [][]byte {
	res, err := h.app.PrepareProposal(context.Background(), &abcitypes.RequestPrepareProposal{
		Height: h.height + 1, Time: h.blockTime(), MaxTxBytes: 4 << 20, LocalLastCommit: h.lastCommit(),
	})
	require.NoError(h.t, err)
	return res.Txs
}

func (h *harness) process(txs [][]byte) abcitypes.ResponseProcessProposal_ProposalStatus {
	res, err := h.app.ProcessProposal(context.Background(), &abcitypes.RequestProcessProposal{
		Height: h.height + 1, Time: h.blockTime(), Txs: txs, Hash: []byte{byte(h.height + 1), byte(len(txs))},
	})
	require.NoError(h.t, err)
	return res.Status
}

// commit finalizes and commits txs as the next block.
func (h *harness) commit(txs [][]byte) *abcitypes.ResponseFinalizeBlock {
	res, err := h.app.FinalizeBlock(context.Background(), &abcitypes.RequestFinalizeBlock{
		Height: h.height + 1, Time: h.blockTime(), Txs: txs, Hash: []byte{byte(h.height + 1), byte(len(txs))},
	})
	require.NoError(h.t, err)
	_, err = h.app.Commit(context.Background(), &abcitypes.RequestCommit{})
	require.NoError(h.t, err)
	h.height++
	return res
}

// step runs Prepare → Process → Finalize → Commit.
func (h *harness) step() [][]byte {
	txs := h.prepare()
	require.Equal(h.t, abcitypes.ResponseProcessProposal_ACCEPT, h.process(txs))
	h.commit(txs)
	return txs
}

func (h *harness) transfer(user int, tip int64) *types.Transaction {
	key := h.users[user]
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(big.NewInt(31337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(31337), Nonce: h.nonces[user], GasTipCap: big.NewInt(tip),
		GasFeeCap: big.NewInt(10_000_000_000), Gas: 21_000, To: &common.Address{0xaa}, Value: big.NewInt(1),
	})
	h.nonces[user]++
	return tx
}

func (h *harness) send(tx *types.Transaction) {
	require.NoError(h.t, h.app.SendTx(tx))
}
