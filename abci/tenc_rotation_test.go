package abci

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
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

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/staking"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
	"github.com/hyperion-rollup/hyperion/x/tenc"
	"github.com/hyperion-rollup/hyperion/x/tenc/envelope"
	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
	"github.com/hyperion-rollup/hyperion/x/txpool"
)

// rotationEpoch is the staking epoch of the rotation tests: long enough for
// a next-set DKG (9 blocks) to finish before the handover.
const rotationEpoch = 10

// clusterNode is one node of a cluster: its own store, app and keys.
type clusterNode struct {
	app  *App
	st   *store.Store
	cons ed25519.PrivKey
	dkg  *ecdsa.PrivateKey
}

// cluster drives several Apps with the real staking module as CometBFT
// would: node 0 proposes, every node verifies, executes and commits every
// block, and the validators in force at each height extend their votes
// between ProcessProposal and FinalizeBlock (so ExtendVote(h) reads the
// state after h-1), with validator updates in force two heights later.
type cluster struct {
	t      *testing.T
	nodes  []*clusterNode
	sets   system.SetSchedule
	height int64
	commit abcitypes.ExtendedCommitInfo // the extended votes of height
	users  []*ecdsa.PrivateKey
	nonces []uint64
	blocks map[int64][][]byte
}

// newCluster starts nodes nodes of which the first vals are genesis validators.
func newCluster(t *testing.T, nodes, vals int) *cluster {
	c := &cluster{t: t, blocks: map[int64][][]byte{}}
	for i := range 4 {
		key, err := crypto.ToECDSA(crypto.Keccak256([]byte{'u', byte(i)}))
		require.NoError(t, err)
		c.users, c.nonces = append(c.users, key), append(c.nonces, 0)
	}
	var genesis []system.Validator
	for i := range nodes {
		n := &clusterNode{cons: ed25519.GenPrivKeyFromSecret([]byte{'c', byte(i)})}
		var err error
		n.dkg, err = crypto.ToECDSA(crypto.Keccak256([]byte{'d', byte(i)}))
		require.NoError(t, err)
		c.open(n)
		c.nodes = append(c.nodes, n)
		if i < vals {
			pub := n.cons.PubKey().(ed25519.PubKey)
			genesis = append(genesis, system.Validator{Address: pub.Address(), PubKey: pub, Power: 10})
		}
	}
	set, err := system.NewValidatorSet(genesis)
	require.NoError(t, err)
	c.sets = system.NewSetSchedule(set)
	raw := c.appState(genesis)
	for _, n := range c.nodes {
		c.initChain(n, raw, genesis)
		n.app.SetThresholdKeys(n.cons.PubKey().Address(), n.dkg)
	}
	return c
}

func (c *cluster) open(n *clusterNode) {
	dir := c.t.TempDir()
	var err error
	n.st, err = store.Open(store.Options{Dir: filepath.Join(dir, "state")})
	require.NoError(c.t, err)
	ix, err := store.OpenIndex(filepath.Join(dir, "index"))
	require.NoError(c.t, err)
	c.t.Cleanup(func() { ix.Close(); n.st.Close() })
	pool := txpool.New(txpool.DefaultConfig(), evm.ChainConfig(31337), nil, txpool.Head{})
	n.app, err = New(Options{Store: n.st, Index: ix, Pool: pool, Modules: []Module{staking.NewModule()}})
	require.NoError(c.t, err)
}

// appState funds the users and sets a short staking epoch.
func (c *cluster) appState(genesis []system.Validator) []byte {
	gen := system.DefaultGenesisState(31337)
	for _, k := range c.users {
		gen.Alloc[crypto.PubkeyToAddress(k.PublicKey)] = system.GenesisAccount{Balance: "1000000000000000000000"}
	}
	p := staking.DefaultParams()
	p.EpochLength = rotationEpoch
	sg := staking.GenesisState{Params: &p}
	for _, v := range genesis {
		sg.Validators = append(sg.Validators, staking.GenesisValidator{
			Operator: common.BytesToAddress(crypto.Keccak256(v.PubKey)[12:]), ConsensusPubKey: v.PubKey, SelfBond: p.MinSelfBond.Dec(),
		})
	}
	var err error
	gen.Staking, err = json.Marshal(sg)
	require.NoError(c.t, err)
	raw, err := json.Marshal(gen)
	require.NoError(c.t, err)
	return raw
}

func (c *cluster) initChain(n *clusterNode, appState []byte, genesis []system.Validator) {
	params := cmttypes.DefaultConsensusParams().ToProto()
	params.Abci.VoteExtensionsEnableHeight = 1
	var updates []abcitypes.ValidatorUpdate
	for _, v := range genesis {
		updates = append(updates, abcitypes.Ed25519ValidatorUpdate(v.PubKey, v.Power))
	}
	_, err := n.app.InitChain(context.Background(), &abcitypes.RequestInitChain{
		Time: genesisTime, ChainId: testChainID, AppStateBytes: appState, InitialHeight: 1,
		ConsensusParams: &params, Validators: updates,
	})
	require.NoError(c.t, err)
}

// node returns the node of a validator address.
func (c *cluster) node(addr []byte) *clusterNode {
	for _, n := range c.nodes {
		if bytes.Equal(n.cons.PubKey().Address(), addr) {
			return n
		}
	}
	c.t.Fatalf("no node for validator %X", addr)
	return nil
}

// step runs one height on every node and returns the block's txs.
func (c *cluster) step() [][]byte {
	return c.stepWith(func(txs [][]byte) [][]byte { return txs })
}

// stepWith runs one height whose block is edit(what node 0 prepared).
func (c *cluster) stepWith(edit func([][]byte) [][]byte) [][]byte {
	h := c.height + 1
	ctx := context.Background()
	t := genesisTime.Add(time.Duration(h) * time.Second)
	res, err := c.nodes[0].app.PrepareProposal(ctx, &abcitypes.RequestPrepareProposal{
		Height: h, Time: t, MaxTxBytes: 4 << 20, LocalLastCommit: c.commit,
	})
	require.NoError(c.t, err)
	txs := edit(res.Txs)
	hash := binary.BigEndian.AppendUint64(nil, uint64(h))
	for i, n := range c.nodes {
		pr, err := n.app.ProcessProposal(ctx, &abcitypes.RequestProcessProposal{Height: h, Time: t, Txs: txs, Hash: hash})
		require.NoError(c.t, err)
		require.Equal(c.t, abcitypes.ResponseProcessProposal_ACCEPT, pr.Status, "node %d at height %d", i, h)
	}
	c.commit = c.extend(h, txs)
	var appHash []byte
	var updates []abcitypes.ValidatorUpdate
	for i, n := range c.nodes {
		fr, err := n.app.FinalizeBlock(ctx, &abcitypes.RequestFinalizeBlock{Height: h, Time: t, Txs: txs, Hash: hash})
		require.NoError(c.t, err)
		if i == 0 {
			appHash, updates = fr.AppHash, fr.ValidatorUpdates
		}
		require.Equal(c.t, appHash, fr.AppHash, "node %d app hash at height %d", i, h)
		_, err = n.app.Commit(ctx, &abcitypes.RequestCommit{})
		require.NoError(c.t, err)
	}
	c.schedule(h, updates)
	c.height, c.blocks[h] = h, txs
	return txs
}

// extend collects the signed vote extensions of height h from the set in force.
func (c *cluster) extend(h int64, txs [][]byte) abcitypes.ExtendedCommitInfo {
	var info abcitypes.ExtendedCommitInfo
	for _, v := range c.sets.At(h).Validators {
		n := c.node(v.Address)
		ext, err := n.app.ExtendVote(context.Background(), &abcitypes.RequestExtendVote{Height: h, Txs: txs})
		require.NoError(c.t, err)
		msg := cmttypes.VoteExtensionSignBytes(testChainID, &cmtproto.Vote{Height: h, Extension: ext.VoteExtension})
		sig, err := n.cons.Sign(msg)
		require.NoError(c.t, err)
		info.Votes = append(info.Votes, abcitypes.ExtendedVoteInfo{
			Validator:     abcitypes.Validator{Address: v.Address, Power: v.Power},
			VoteExtension: ext.VoteExtension, ExtensionSignature: sig, BlockIdFlag: cmtproto.BlockIDFlagCommit,
		})
	}
	return info
}

func (c *cluster) schedule(h int64, updates []abcitypes.ValidatorUpdate) {
	if len(updates) == 0 {
		return
	}
	var vals []system.Validator
	for _, u := range updates {
		pk := u.PubKey.GetEd25519()
		vals = append(vals, system.Validator{Address: ed25519.PubKey(pk).Address(), PubKey: pk, Power: u.Power})
	}
	var err error
	c.sets, err = c.sets.Apply(vals, h+2, h)
	require.NoError(c.t, err)
}

func (c *cluster) stepTo(h int64) {
	for c.height < h {
		c.step()
	}
}

func (c *cluster) view() *keeper.View { return keeper.NewView(c.nodes[0].st) }

// sendCreateValidator has user register node i as a validator with its
// node's DKG key.
func (c *cluster) sendCreateValidator(user, i int) {
	n := c.nodes[i]
	blsPK, pop, err := staking.ProvePossession(crypto.Keccak256([]byte{'b', byte(i)}))
	require.NoError(c.t, err)
	data, err := staking.ABI.Pack("createValidator", n.cons.PubKey().Bytes(), blsPK, pop,
		crypto.CompressPubkey(&n.dkg.PublicKey), uint16(500), "joiner")
	require.NoError(c.t, err)
	bond := new(big.Int).Mul(big.NewInt(50), big.NewInt(1e18))
	tx := c.tx(user, &staking.StakingAddress, bond, 1_000_000, data)
	require.NoError(c.t, c.nodes[0].app.SendTx(tx))
}

func (c *cluster) tx(user int, to *common.Address, value *big.Int, gas uint64, data []byte) *types.Transaction {
	tx := types.MustSignNewTx(c.users[user], types.LatestSignerForChainID(big.NewInt(31337)), &types.DynamicFeeTx{
		ChainID: big.NewInt(31337), Nonce: c.nonces[user], GasTipCap: big.NewInt(1),
		GasFeeCap: big.NewInt(10_000_000_000), Gas: gas, To: to, Value: value, Data: data,
	})
	c.nonces[user]++
	return tx
}

// seal encrypts a transfer of user to eon and sends it to node 0's pool.
func (c *cluster) seal(eon *keeper.Eon, user int, envNonce uint64, to common.Address) common.Hash {
	keys, err := tenc.EonKeysFromBytes(eon.Keys)
	require.NoError(c.t, err)
	raw, err := c.tx(user, &to, big.NewInt(7), 21_000, nil).MarshalBinary()
	require.NoError(c.t, err)
	e := &htypes.EncryptedTx{Eon: eon.Eon, EnvelopeNonce: envNonce, Salt: make([]byte, tenc.SaltSize),
		MaxFeePerGas: big.NewInt(10_000_000_000).Bytes(), Sender: crypto.PubkeyToAddress(c.users[user].PublicKey).Bytes()}
	_, _ = rand.Read(e.Salt)
	ct, err := tenc.Encrypt(nil, keys.PublicKey, envelope.Identity(31337, e).Point(), raw)
	require.NoError(c.t, err)
	e.Ciphertext = ct.Bytes()
	e.GasLimit = envelope.IntrinsicGas(len(e.Ciphertext))
	require.NoError(c.t, envelope.Sign(31337, e, c.users[user]))
	hash, err := c.nodes[0].app.SendEnvelope(e)
	require.NoError(c.t, err)
	return hash
}

func (c *cluster) envelope(hash common.Hash) *keeper.Record {
	rec, err := c.view().Envelope(hash)
	require.NoError(c.t, err)
	require.NotNil(c.t, rec)
	return rec
}

func (c *cluster) balance(addr common.Address) *big.Int {
	b, err := evm.Balance(c.nodes[0].st, addr)
	require.NoError(c.t, err)
	if b == nil {
		return new(big.Int)
	}
	return b.ToBig()
}

func eonOf(t *testing.T, get func() (*keeper.Eon, error)) *keeper.Eon {
	e, err := get()
	require.NoError(t, err)
	return e
}

// withhold turns the test-only fault switch on or off for node i.
func (c *cluster) withhold(i int, on bool) {
	n := c.nodes[i]
	val := ""
	if on {
		val = hex.EncodeToString(n.cons.PubKey().Address())
	}
	c.t.Setenv(WithholdSharesEnv, val)
	n.app.SetThresholdKeys(n.cons.PubKey().Address(), n.dkg)
}

// TestEonRotatesToJoiningSet: a validator joins through staking; the next
// eon's DKG runs among the next epoch's set during the current epoch, the
// key switches at the handover, an envelope of the old eon included in the
// last block before it is still revealed (the old set's shares), and an
// envelope of the new eon is revealed with the joiner's share counted.
func TestEonRotatesToJoiningSet(t *testing.T) {
	c := newCluster(t, 4, 3)
	c.sendCreateValidator(0, 3)
	c.stepTo(rotationEpoch)
	v := c.view()
	eon1 := eonOf(t, v.ActiveEon)
	require.Equal(t, uint64(1), eon1.Eon)
	require.Len(t, eon1.Members, 3)
	require.Nil(t, eonOf(t, v.NextEon))
	d, err := v.RunningDKG()
	require.NoError(t, err)
	require.Nil(t, d, "the first boundary keeps the genesis set: no new DKG")
	planned, err := v.PlannedBoundary()
	require.NoError(t, err)
	require.Equal(t, int64(rotationEpoch), planned)

	c.step() // reads the snapshot taken at the boundary: the DKG of the joined set starts
	d, err = c.view().RunningDKG()
	require.NoError(t, err)
	require.NotNil(t, d)
	require.Equal(t, uint64(2), d.Eon)
	require.Equal(t, int64(2*rotationEpoch+2), d.Takeover, "in force two heights after the boundary")
	require.Len(t, d.Members, 4, "keys from staking (joiner) and from eon 1 (genesis validators)")
	require.Equal(t, 3, d.MinDealings)

	c.stepTo(2 * rotationEpoch)
	v = c.view()
	require.Equal(t, uint64(1), eonOf(t, v.ActiveEon).Eon, "the old set still signs")
	next := eonOf(t, v.NextEon)
	require.NotNil(t, next, "the new key is in state before the new set takes over")
	require.Equal(t, uint64(2), next.Eon)
	require.Equal(t, int64(2*rotationEpoch+2), next.Since)

	oldDest, newDest := common.Address{0xe1}, common.Address{0xe2}
	oldEnv := c.seal(eonOf(t, v.ActiveEon), 1, 0, oldDest)
	require.Contains(t, bodyKinds(t, c.step()), "envelope") // the last block of eon 1
	v = c.view()
	require.Equal(t, uint64(2), eonOf(t, v.ActiveEon).Eon, "hyperion_encryptionKey switches at the handover")
	require.Equal(t, uint64(1), eonOf(t, v.PreviousEon).Eon)
	require.Equal(t, eonOf(t, v.ActiveEon).Qualified, storedDealings(t, v, 2))
	require.Equal(t, eon1.Qualified, storedDealings(t, v, 1), "kept while eon 1 is the previous eon")
	_, err = c.nodes[0].app.SendEnvelope(c.sealedOnly(eon1, 1, 1, oldDest))
	require.ErrorIs(t, err, ErrEnvelopeEon, "envelopes of the old eon are refused after the handover")

	newEnv := c.seal(eonOf(t, v.ActiveEon), 2, 0, newDest)
	c.withhold(1, true) // from height 22 on: t = 3 of 4 needs the joiner's share
	require.Equal(t, []string{"system", "revealed", "envelope"}, bodyKinds(t, c.step()))
	require.Equal(t, keeper.StatusRevealed, c.envelope(oldEnv).Status, "revealed with the outgoing set's shares")
	require.Equal(t, big.NewInt(7), c.balance(oldDest))
	_, err = c.sets.At(c.height).Find(c.nodes[3].cons.PubKey().Address())
	require.NoError(t, err, "the joiner signs from the takeover height")

	require.Equal(t, []string{"system", "revealed"}, bodyKinds(t, c.step()))
	require.Equal(t, keeper.StatusRevealed, c.envelope(newEnv).Status, "revealed by the new set, joiner included")
	require.Equal(t, big.NewInt(7), c.balance(newDest))
}

// TestRotationDKGFailureKeepsEon: when the next set's DKG misses its
// deadline, the chain keeps the active eon across the set change (enough of
// its members remain), restarts the DKG and switches when it completes.
func TestRotationDKGFailureKeepsEon(t *testing.T) {
	c := newCluster(t, 4, 3)
	c.sendCreateValidator(0, 3)
	c.stepTo(rotationEpoch + 1)
	d, err := c.view().RunningDKG()
	require.NoError(t, err)
	require.Equal(t, uint64(2), d.Eon)
	off := c.nodes[2]
	off.app.SetThresholdKeys(off.cons.PubKey().Address(), nil) // deals nothing: 2 of 3 dealings
	c.stepTo(2 * rotationEpoch)
	v := c.view()
	require.Nil(t, eonOf(t, v.NextEon), "eon 2 failed")
	require.Empty(t, storedDealings(t, v, 2), "a failed DKG's dealings are pruned")
	eon1 := eonOf(t, v.ActiveEon)
	require.Equal(t, eon1.Qualified, storedDealings(t, v, 1), "the active eon's members still derive their shares")
	d, err = v.RunningDKG()
	require.NoError(t, err)
	require.Equal(t, uint64(3), d.Eon, "restarted under the next eon number")
	require.Equal(t, int64(2*rotationEpoch+2), d.Takeover)
	off.app.SetThresholdKeys(off.cons.PubKey().Address(), off.dkg)

	c.stepTo(2*rotationEpoch + 2) // the joined set is in force
	eon := eonOf(t, c.view().ActiveEon)
	require.Equal(t, uint64(1), eon.Eon, "past the deadline the chain keeps the previous key")
	dest := common.Address{0xe3}
	hash := c.seal(eon, 1, 0, dest)
	c.step()
	require.Equal(t, []string{"system", "revealed"}, bodyKinds(t, c.step()))
	require.Equal(t, keeper.StatusRevealed, c.envelope(hash).Status, "eon 1's members still decrypt")
	require.Equal(t, big.NewInt(7), c.balance(dest))

	c.stepTo(d.FinalHeight())
	v = c.view()
	eon = eonOf(t, v.ActiveEon)
	require.Equal(t, uint64(3), eon.Eon, "the restarted DKG completes and takes over at once")
	require.Len(t, eon.Members, 4)
	require.Equal(t, eon.Qualified, storedDealings(t, v, 3), "only qualified dealings are kept")
	require.Equal(t, eon1.Qualified, storedDealings(t, v, 1), "eon 1 is the previous eon")
}

// storedDealings lists the members whose dealing of eon is in state.
func storedDealings(t *testing.T, v *keeper.View, eon uint64) []uint32 {
	var out []uint32
	for m := range uint32(tenc.MaxMembers) {
		bz, err := v.Dealing(eon, m)
		require.NoError(t, err)
		if len(bz) > 0 {
			out = append(out, m)
		}
	}
	return out
}

// sealedOnly builds a sealed transfer without sending it.
func (c *cluster) sealedOnly(eon *keeper.Eon, user int, envNonce uint64, to common.Address) *htypes.EncryptedTx {
	keys, err := tenc.EonKeysFromBytes(eon.Keys)
	require.NoError(c.t, err)
	e := &htypes.EncryptedTx{Eon: eon.Eon, EnvelopeNonce: envNonce, Salt: make([]byte, tenc.SaltSize),
		MaxFeePerGas: big.NewInt(10_000_000_000).Bytes(), Sender: crypto.PubkeyToAddress(c.users[user].PublicKey).Bytes()}
	ct, err := tenc.Encrypt(nil, keys.PublicKey, envelope.Identity(31337, e).Point(), to.Bytes())
	require.NoError(c.t, err)
	e.Ciphertext = ct.Bytes()
	e.GasLimit = envelope.IntrinsicGas(len(e.Ciphertext))
	require.NoError(c.t, envelope.Sign(31337, e, c.users[user]))
	return e
}
