package abci

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/system"
	"github.com/hyperion-rollup/hyperion/x/tenc"
	"github.com/hyperion-rollup/hyperion/x/tenc/envelope"
	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
)

// codeInnerTxSkipped is the result of a revealed envelope whose inner tx was
// garbage or invalid: skipped, the envelope fee kept.
const codeInnerTxSkipped = 3

// Errors of the decrypted lane.
var (
	ErrRevealUnexpected = errors.New("decrypted lane: more revealed envelopes than keys")
	ErrRevealMismatch   = errors.New("decrypted lane: revealed envelope out of committed order or wrong key")
	ErrRevealMissing    = errors.New("decrypted lane: a keyed envelope is not revealed")
)

// thresholdBlock is a block's threshold-decryption work, derived once per
// proposal (ProcessProposal's result is reused by FinalizeBlock).
type thresholdBlock struct {
	reveals   []reveal // keyed pending envelopes, in committed order
	next      int      // reveals consumed by the decrypted lane
	outcomes  []revealOutcome
	envelopes int // new envelopes in this block
	// withheld are the validators whose included extension lacks a share
	// they owed; FinalizeBlock reports them to the modules (slashing).
	withheld [][]byte
	lastSkip bool
	lastTx   bool
}

type reveal struct {
	pos   int // index in the pending list at the start of the block
	p     keeper.Pending
	key   tenc.DecryptionKey
	inner *types.Transaction // the decrypted inner tx; nil when openErr is set
	// openErr is why the ciphertext did not open to a tx (garbage, failed
	// FO check): the envelope is revealed invalid, its fee kept.
	openErr error
}

type revealOutcome struct {
	pos   int
	inner *common.Hash
	err   error
}

// onCommitInfo applies a verified commit-info tx: DKG messages, then the
// keys of pending envelopes from the carried decryption shares, and the
// validators whose extensions lack shares they owed. The derivation is
// computed once per (parent block, commit-info) on this node: another
// round's proposal carrying the same commit info, or FinalizeBlock of a
// block ProcessProposal did not see, reuses it.
func (p *proposal) onCommitInfo(ci *htypes.CommitInfo) error {
	if err := p.applyDKG(ci); err != nil {
		return err
	}
	start := time.Now()
	key, err := derivationKey(p.app.chain.lastHeader.Hash(), p.height, ci)
	if err != nil {
		return err
	}
	d, cached := p.app.envelopes.derived.get(key)
	if !cached {
		if d, err = deriveReveals(p.tenc, ci, &p.app.envelopes.points); err != nil {
			return err
		}
		p.recoverRevealedSenders(d.reveals)
		p.app.envelopes.derived.put(key, d)
	}
	p.th.reveals, p.th.withheld = append([]reveal(nil), d.reveals...), d.withheld
	if d.shares > 0 || len(d.withheld) > 0 {
		p.app.logger.Debug("envelope keys derived", "height", p.height, "shares", d.shares, "keys", len(d.reveals),
			"withheld", len(d.withheld), "cached", cached, "took", time.Since(start))
	}
	return nil
}

// recoverRevealedSenders recovers the senders of the revealed inner txs on
// all CPUs; the txs cache them, so the sequential pass does not.
func (p *proposal) recoverRevealedSenders(reveals []reveal) {
	signer := types.MakeSigner(p.app.chain.evmConfig, p.builderNumber(), p.bctx.Time)
	forEachParallel(len(reveals), func(i int) {
		if tx := reveals[i].inner; tx != nil {
			_, _ = types.Sender(signer, tx) // errors surface again in ApplyTx
		}
	})
}

// derivationCache keeps the last threshold derivation of this node, keyed
// by the parent block, the height and the commit-info tx. It is used from
// the consensus connection only; the mutex keeps it safe regardless.
type derivationCache struct {
	mu  sync.Mutex
	key [32]byte
	d   *derivation
	// computed counts the derivations stored, i.e. computed (tests).
	computed int
}

func (c *derivationCache) get(key [32]byte) (derivation, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.d == nil || c.key != key {
		return derivation{}, false
	}
	return *c.d, true
}

func (c *derivationCache) put(key [32]byte, d derivation) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.key, c.d = key, &d
	c.computed++
}

// derivationKey commits to everything a derivation depends on: the parent
// block (hence the state it reads), the height and the commit-info tx.
func derivationKey(parent common.Hash, height int64, ci *htypes.CommitInfo) ([32]byte, error) {
	raw, err := ci.Marshal()
	if err != nil {
		return [32]byte{}, err
	}
	h := sha256.New()
	h.Write(parent[:])
	h.Write(binary.BigEndian.AppendUint64(nil, uint64(height)))
	h.Write(raw)
	var out [32]byte
	h.Sum(out[:0])
	return out, nil
}

// shareSet is the verified shares of one pending envelope, by member order.
type shareSet struct {
	members []uint32
	shares  []tenc.KeyShare
}

// derivation is what a commit-info tx yields for threshold decryption.
type derivation struct {
	reveals  []reveal // keyed envelopes, in committed order
	shares   int      // shares carried
	withheld [][]byte // validators (address order) whose extension lacks a valid share it owed
}

// deriveReveals verifies the shares carried by ci with one batched pairing
// check (coefficients hashed from all inputs), drops bad ones, combines the
// first t shares (by member index) of every pending envelope that has t, and
// lists the members whose included extension lacks a valid share for a
// pending envelope of the active eon. Identity points come from points
// (nil: hashed here).
func deriveReveals(v *keeper.View, ci *htypes.CommitInfo, points *tenc.IdentityPoints) (derivation, error) {
	eon, err := v.EonAt(ci.Height) // the eon whose set signed ci (rotation: abci/dkg.go handover)
	if err != nil || eon == nil {
		return derivation{}, err
	}
	keys, err := tenc.EonKeysFromBytes(eon.Keys)
	if err != nil {
		return derivation{}, err
	}
	pending, err := v.PendingEnvelopes()
	if err != nil || len(pending) == 0 {
		return derivation{}, err
	}
	col := collectShares(eon, keys, pending, ci, points)
	valid := verifyShares(col.checks)
	out := derivation{shares: len(col.checks), withheld: col.withheld(valid, owedShares(eon, pending))}
	sets := make([]shareSet, len(pending))
	for i, c := range col.checks {
		if valid[i] {
			s := &sets[col.positions[i]]
			s.members, s.shares = append(s.members, c.Member), append(s.shares, c.Share)
		}
	}
	out.reveals = combineAndOpen(pending, sets, keys.Threshold)
	return out, nil
}

// combineAndOpen combines the keys of the envelopes that have t shares
// (Lagrange coefficients cached per signer subset) and opens them, spread
// over the CPUs, then runs all Fujisaki–Okamoto checks as one batch; the
// result is in committed order and does not depend on scheduling.
func combineAndOpen(pending []keeper.Pending, sets []shareSet, threshold int) []reveal {
	comb, err := tenc.NewCombiner(threshold)
	if err != nil {
		return nil
	}
	slots := make([]*reveal, len(pending))
	opened := make([]*tenc.Opened, len(pending))
	forEachParallel(len(pending), func(pos int) {
		s := sets[pos]
		if len(s.members) < threshold {
			return
		}
		key, err := comb.Combine(s.members, s.shares)
		if err != nil {
			return
		}
		r := &reveal{pos: pos, p: pending[pos], key: key}
		opened[pos], r.openErr = openCiphertext(r.p.Ciphertext, key)
		slots[pos] = r
	})
	checkOpened(slots, opened)
	var out []reveal
	for _, r := range slots {
		if r != nil {
			out = append(out, *r)
		}
	}
	return out
}

// openCiphertext decodes an envelope's ciphertext and unmasks it with key;
// its FO check is left to checkOpened.
func openCiphertext(raw []byte, key tenc.DecryptionKey) (*tenc.Opened, error) {
	ct, err := tenc.CiphertextFromBytes(raw)
	if err != nil {
		return nil, err
	}
	return ct.Open(key)
}

// checkOpened runs the FO checks of the opened envelopes in one batch and
// decodes the inner txs of those that pass; a failure is the reveal's
// openErr, exactly as Ciphertext.Decrypt would report it.
func checkOpened(slots []*reveal, opened []*tenc.Opened) {
	var idx []int
	var batch []*tenc.Opened
	for pos, o := range opened {
		if o != nil {
			idx, batch = append(idx, pos), append(batch, o)
		}
	}
	errs := tenc.CheckOpenedBatch(batch)
	forEachParallel(len(idx), func(k int) {
		r := slots[idx[k]]
		if r.openErr = errs[k]; r.openErr == nil {
			r.inner, r.openErr = decodeEthTx(batch[k].Message())
		}
	})
}

// forEachParallel runs fn(0..n-1) on up to GOMAXPROCS goroutines. fn must
// write only its own index's outputs.
func forEachParallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// verifyShares checks all shares with one batched pairing check and, only
// when it fails, finds the bad ones.
func verifyShares(checks []tenc.ShareCheck) []bool {
	valid := make([]bool, len(checks))
	for i := range valid {
		valid[i] = true
	}
	if len(checks) == 0 || tenc.VerifyKeySharesBatch(checks, tenc.SharesTranscript(checks)) == nil {
		return valid
	}
	for _, bad := range tenc.FindInvalidKeyShares(checks, tenc.SharesTranscript(checks)) {
		valid[bad] = false
	}
	return valid
}

// owedShares counts the pending envelopes of the active eon: every member
// whose extension is included owes a share for each (the envelopes of the
// extension's block and the still-unkeyed ones of the K blocks before).
func owedShares(eon *keeper.Eon, pending []keeper.Pending) int {
	owed := 0
	for _, pe := range pending {
		if pe.Eon == eon.Eon {
			owed++
		}
	}
	return owed
}

// collectedShares are the decoded shares of a commit-info tx: checks[i]
// is for pending envelope positions[i], from member vote voters[i].
type collectedShares struct {
	checks    []tenc.ShareCheck
	positions []int
	voters    []int
	members   [][]byte // validator address of each eon member's vote, by vote index (nil: not a member)
}

// withheld lists the members whose votes carry fewer valid shares than owed.
func (c *collectedShares) withheld(valid []bool, owed int) [][]byte {
	if owed == 0 {
		return nil
	}
	got := make([]int, len(c.members))
	for i, ok := range valid {
		if ok {
			got[c.voters[i]]++
		}
	}
	var out [][]byte
	for vi, addr := range c.members {
		if addr != nil && got[vi] < owed {
			out = append(out, addr)
		}
	}
	return out
}

// shareItem is one undecoded share of a commit-info vote.
type shareItem struct {
	vote, member, pos int
	raw               []byte
	share             tenc.KeyShare
	err               error
}

// collectShares decodes the shares of eon members for pending envelopes of
// the eon, one per (member, envelope), members in address order. Decoding
// (subgroup checks) and hashing identities to G1 (those not in the cache)
// are spread over the CPUs.
func collectShares(eon *keeper.Eon, keys *tenc.EonKeys, pending []keeper.Pending, ci *htypes.CommitInfo,
	cache *tenc.IdentityPoints) *collectedShares {
	col, items := shareItems(eon, keys, pending, ci)
	points := make([]tenc.IdentityPoint, len(pending))
	forEachParallel(len(pending), func(i int) { points[i] = cache.Point(tenc.Identity(pending[i].Identity)) })
	forEachParallel(len(items), func(i int) { items[i].share, items[i].err = tenc.KeyShareFromBytes(items[i].raw) })
	for _, it := range items {
		if it.err != nil {
			continue
		}
		col.checks = append(col.checks, tenc.ShareCheck{Member: uint32(it.member), Public: keys.PublicShares[it.member], Identity: points[it.pos], Share: it.share})
		col.positions, col.voters = append(col.positions, it.pos), append(col.voters, it.vote)
	}
	return col
}

// shareItems lists, in vote order, the first share each member's vote
// carries for each pending envelope of the eon.
func shareItems(eon *keeper.Eon, keys *tenc.EonKeys, pending []keeper.Pending, ci *htypes.CommitInfo) (*collectedShares, []shareItem) {
	index := make(map[common.Hash]int, len(pending))
	for i, pe := range pending {
		if pe.Eon == eon.Eon {
			index[pe.Hash] = i
		}
	}
	d := keeper.DKG{Members: eon.Members}
	col := &collectedShares{members: make([][]byte, len(ci.Votes))}
	var items []shareItem
	for vi, vote := range ci.Votes {
		member := d.MemberIndex(vote.ValidatorAddress)
		if member < 0 || member >= len(keys.PublicShares) {
			continue
		}
		col.members[vi] = append([]byte{}, vote.ValidatorAddress...)
		ve, err := system.DecodeVoteExtension(vote.VoteExtension)
		if err != nil {
			continue
		}
		seen := make(map[int]bool)
		for _, sh := range ve.Shares {
			pos, ok := index[common.BytesToHash(sh.EnvelopeHash)]
			if !ok || seen[pos] || len(sh.EnvelopeHash) != common.HashLength {
				continue
			}
			seen[pos] = true
			items = append(items, shareItem{vote: vi, member: member, pos: pos, raw: sh.Share})
		}
	}
	return col, items
}

// fillDecrypted adds the block's keyed envelopes to the decrypted lane.
func (a *App) fillDecrypted(p *proposal) error {
	for _, r := range p.th.reveals {
		raw, err := (&htypes.Tx{Body: &htypes.Tx_Revealed{Revealed: &htypes.RevealedEnvelope{
			EnvelopeHash: r.p.Hash.Bytes(), Key: r.key.Bytes(),
		}}}).Marshal()
		if err == nil {
			err = p.add(raw)
		}
		if err != nil {
			return fmt.Errorf("decrypted lane: %w", err)
		}
	}
	return nil
}

// applyRevealed is the decrypted lane's rule: the next keyed envelope in
// committed order, with its key; its inner tx runs now, or is skipped with
// the fee kept when it is garbage or invalid.
func (p *proposal) applyRevealed(r *htypes.RevealedEnvelope) error {
	if p.th.next >= len(p.th.reveals) {
		return ErrRevealUnexpected
	}
	want := p.th.reveals[p.th.next]
	if !bytes.Equal(r.EnvelopeHash, want.p.Hash.Bytes()) || !bytes.Equal(r.Key, want.key.Bytes()) {
		return ErrRevealMismatch
	}
	p.th.next++
	p.parallel = false // the decrypted lane precedes every plaintext tx: nothing is deferred yet
	out := revealOutcome{pos: want.pos, err: want.openErr}
	if want.openErr == nil {
		h := want.inner.Hash()
		out.inner = &h
		_, out.err = p.builder.ApplyTx(want.inner)
	}
	p.th.outcomes = append(p.th.outcomes, out)
	p.th.lastTx, p.th.lastSkip = out.err == nil, out.err != nil
	return nil
}

// settleRevealed fixes the ABCI result of the revealed item just added.
func (p *proposal) settleRevealed() {
	last := len(p.results) - 1
	if p.th.lastTx {
		p.ethResults = append(p.ethResults, last)
	} else if p.th.lastSkip {
		out := p.th.outcomes[len(p.th.outcomes)-1]
		p.results[last] = &abcitypes.ExecTxResult{Code: codeInnerTxSkipped, Log: out.err.Error()}
	}
	p.th.lastTx, p.th.lastSkip = false, false
}

// checkReveals is the whole-block rule: every keyed envelope was revealed.
func (p *proposal) checkReveals() error {
	if p.th.next != len(p.th.reveals) {
		return fmt.Errorf("%w: %d of %d", ErrRevealMissing, p.th.next, len(p.th.reveals))
	}
	return nil
}

// endThreshold runs at the end of FinalizeBlock: it records reveal
// outcomes, expires envelopes older than K blocks and advances the DKG.
func (a *App) endThreshold(p *proposal) error {
	v := p.tenc
	done := make([]int, 0, len(p.th.outcomes))
	byPos := make(map[int]revealOutcome, len(p.th.outcomes))
	for _, o := range p.th.outcomes {
		done = append(done, o.pos)
		byPos[o.pos] = o
	}
	pending, err := v.PendingEnvelopes()
	if err != nil {
		return err
	}
	for i, pe := range pending {
		if _, revealed := byPos[i]; !revealed && p.height-pe.Height >= EnvelopeExpiry {
			done = append(done, i)
		}
	}
	err = v.Resolve(p.height, done, func(i int, r *keeper.Record) {
		o, revealed := byPos[i]
		switch {
		case !revealed:
			r.Status = keeper.StatusExpired
		case o.err != nil:
			r.Status, r.InnerTx, r.Reason = keeper.StatusInvalid, o.inner, o.err.Error()
		default:
			r.Status, r.InnerTx = keeper.StatusRevealed, o.inner
		}
	})
	if err != nil {
		return err
	}
	return a.endDKG(v, p.height)
}

// decryptionShares are this validator's shares for the envelopes of the
// block being precommitted and the still-pending envelopes of earlier ones.
func (a *App) decryptionShares(txs [][]byte) []*htypes.DecryptionShare {
	a.tnode.mu.Lock()
	defer a.tnode.mu.Unlock()
	if a.tnode.withhold {
		return nil
	}
	v := keeper.NewView(a.stateForBlock())
	eon, err := v.ActiveEon()
	if err != nil || eon == nil || a.tnode.dkgKey == nil {
		return nil
	}
	secret, err := a.secretShare(v, eon)
	if err != nil {
		a.logger.Debug("no decryption shares", "err", err)
		return nil
	}
	ids, hashes := a.shareTargets(v, eon.Eon, txs)
	out := make([]*htypes.DecryptionShare, len(ids))
	forEachParallel(len(ids), func(i int) {
		point := a.envelopes.points.Point(ids[i])
		out[i] = &htypes.DecryptionShare{EnvelopeHash: hashes[i].Bytes(), Share: secret.share.KeyShare(point).Bytes()}
	})
	return out
}

// shareTargets lists pending envelopes of the eon, then the block's new ones.
func (a *App) shareTargets(v *keeper.View, eon uint64, txs [][]byte) ([]tenc.Identity, []common.Hash) {
	var ids []tenc.Identity
	var hashes []common.Hash
	seen := map[common.Hash]bool{}
	pending, _ := v.PendingEnvelopes()
	for _, pe := range pending {
		if pe.Eon == eon && !seen[pe.Hash] {
			seen[pe.Hash] = true
			ids, hashes = append(ids, tenc.Identity(pe.Identity)), append(hashes, pe.Hash)
		}
	}
	chainID := a.chain.params.EVMChainID
	for _, raw := range txs {
		env, err := decodeEnvelope(raw)
		e := env.GetEncrypted()
		if err != nil || e == nil || e.Eon != eon || len(ids) >= maxSharesPerExtension {
			continue
		}
		h, err := envelope.Hash(chainID, e)
		if err != nil || seen[h] {
			continue
		}
		seen[h] = true
		ids, hashes = append(ids, envelope.Identity(chainID, e)), append(hashes, h)
	}
	return ids, hashes
}

// maxSharesPerExtension bounds the shares of one extension: the pending
// envelopes of K blocks plus a new block's.
const maxSharesPerExtension = (EnvelopeExpiry + 1) * MaxEnvelopesPerBlock

// checkThresholdExtension is VerifyVoteExtension's cheap check of the
// threshold items: counts and sizes only.
func checkThresholdExtension(ve *htypes.VoteExtension) error {
	if len(ve.Shares) > maxSharesPerExtension {
		return fmt.Errorf("%w: %d shares", system.ErrBadVoteExtension, len(ve.Shares))
	}
	for _, s := range ve.Shares {
		if len(s.EnvelopeHash) != common.HashLength || len(s.Share) != tenc.G1Size {
			return fmt.Errorf("%w: share sizes", system.ErrBadVoteExtension)
		}
	}
	if d := ve.Dkg; d != nil && (len(d.Dealing) > maxDealingBytes || len(d.Complaints) > tenc.MaxMembers || len(d.DkgPublicKey) > 33) {
		return fmt.Errorf("%w: DKG message too large", system.ErrBadVoteExtension)
	}
	return nil
}
