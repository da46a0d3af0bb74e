package abci

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/crypto"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/store"
	"github.com/hyperion-rollup/hyperion/x/system"
	"github.com/hyperion-rollup/hyperion/x/tenc"
	"github.com/hyperion-rollup/hyperion/x/tenc/keeper"
)

// The DKG of an eon runs inside the state machine (DESIGN.md §8). Its
// messages ride in vote extensions: the extension signature authenticates
// the validator, and the commit-info tx of the next block carries them to
// every node, which applies those of the phase of the extension's height.
// A registration phase collects each validator's DKG encryption key (the
// genesis set has no other source of them), a dealing phase Feldman
// dealings, a complaint phase complaints; the block of the final height
// qualifies dealings and stores the eon key. A DKG that ends with fewer
// than t qualified dealings starts again with the next eon number; the
// chain meanwhile keeps the previous eon (or plaintext only).

// Bounds on DKG messages in one extension.
const (
	maxDealingBytes        = 64 << 10
	maxComplaintsPerMember = tenc.MaxMembers
)

var errNoThresholdKeys = errors.New("threshold keys not configured")

// thresholdNode is this node's part in threshold decryption: its validator
// address, its DKG key, and what it derived from them (never state).
type thresholdNode struct {
	mu      sync.Mutex
	valAddr []byte
	dkgKey  *ecdsa.PrivateKey
	dealing map[uint64][]byte // eon -> this node's dealing
	secret  *eonSecret
	// withhold is the test-only fault switch (WithholdSharesEnv).
	withhold bool
}

type eonSecret struct {
	eon    uint64
	member uint32
	share  tenc.SecretKeyShare
}

// SetThresholdKeys installs this validator's CometBFT address and its DKG
// encryption key; without them the node takes no part in DKGs or decryption.
func (a *App) SetThresholdKeys(valAddr []byte, dkgKey *ecdsa.PrivateKey) {
	a.tnode.mu.Lock()
	defer a.tnode.mu.Unlock()
	a.tnode.valAddr, a.tnode.dkgKey = append([]byte{}, valAddr...), dkgKey
	a.tnode.dealing = map[uint64][]byte{}
	a.tnode.secret = nil
	a.tnode.withhold = withholdShares(valAddr)
	if a.tnode.withhold {
		a.logger.Error("TEST-ONLY fault switch: this validator withholds its decryption shares", "env", WithholdSharesEnv)
	}
}

// currentDKG returns the running DKG; before any eon or DKG exists it is
// the genesis DKG (not yet written to state).
func (a *App) currentDKG(v *keeper.View) (*keeper.DKG, error) {
	d, err := v.RunningDKG()
	if d != nil || err != nil {
		return d, err
	}
	for _, get := range []func() (*keeper.Eon, error){v.ActiveEon, v.NextEon, v.PreviousEon} {
		if eon, err := get(); eon != nil || err != nil {
			return nil, err
		}
	}
	if last, err := v.LastEonNumber(); last > 0 || err != nil {
		return nil, err
	}
	return keeper.GenesisDKG(len(a.chain.sets.At(1).Validators)), nil
}

// committeeOf builds the tenc committee of the registered members.
func committeeOf(eon uint64, setSize int, members []keeper.Member) (*tenc.Committee, error) {
	keys := make([]*ecdsa.PublicKey, len(members))
	for i, m := range members {
		pub, err := crypto.DecompressPubkey(m.DKGKey)
		if err != nil {
			return nil, err
		}
		keys[i] = pub
	}
	return tenc.NewCommittee(eon, tenc.Threshold(setSize), keys)
}

// dkgMessage is this node's DKG contribution at vote-extension height h.
func (a *App) dkgMessage(h int64) *htypes.DKGMessage {
	n := &a.tnode
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.dkgKey == nil {
		return nil
	}
	v := keeper.NewView(a.stateForBlock())
	d, err := a.currentDKG(v)
	if err != nil || d == nil {
		return nil
	}
	me := d.MemberIndex(n.valAddr)
	switch d.PhaseAt(h) {
	case keeper.PhaseRegister:
		if d.MayRegister(n.valAddr) {
			return &htypes.DKGMessage{Eon: d.Eon, DkgPublicKey: crypto.CompressPubkey(&n.dkgKey.PublicKey)}
		}
	case keeper.PhaseDeal:
		if me >= 0 && !d.HasDealing(uint32(me)) {
			return a.dealMessage(d, uint32(me))
		}
	case keeper.PhaseComplain:
		if me >= 0 {
			return a.complaintMessage(v, d, uint32(me))
		}
	}
	return nil
}

func (a *App) dealMessage(d *keeper.DKG, me uint32) *htypes.DKGMessage {
	n := &a.tnode
	if bz, ok := n.dealing[d.Eon]; ok {
		return &htypes.DKGMessage{Eon: d.Eon, Dealing: bz}
	}
	c, err := committeeOf(d.Eon, d.SetSize, d.Members)
	if err != nil {
		a.logger.Error("cannot deal: committee", "eon", d.Eon, "err", err)
		return nil
	}
	dealing, err := tenc.Deal(nil, c, me)
	if err != nil {
		a.logger.Error("cannot deal", "eon", d.Eon, "err", err)
		return nil
	}
	n.dealing[d.Eon] = dealing.Bytes()
	return &htypes.DKGMessage{Eon: d.Eon, Dealing: n.dealing[d.Eon]}
}

func (a *App) complaintMessage(v *keeper.View, d *keeper.DKG, me uint32) *htypes.DKGMessage {
	c, err := committeeOf(d.Eon, d.SetSize, d.Members)
	if err != nil {
		return nil
	}
	msg := &htypes.DKGMessage{Eon: d.Eon}
	for _, dealer := range d.Dealers {
		dealing, err := loadDealing(v, d.Eon, dealer)
		if err != nil {
			continue
		}
		if _, err := tenc.DecryptShare(c, dealing, me, a.tnode.dkgKey); err == nil {
			continue
		}
		cp, err := tenc.NewComplaint(nil, c, dealing, me, a.tnode.dkgKey)
		if err == nil {
			msg.Complaints = append(msg.Complaints, cp.Bytes())
		}
	}
	if len(msg.Complaints) == 0 {
		return nil
	}
	return msg
}

func loadDealing(v *keeper.View, eon uint64, dealer uint32) (*tenc.Dealing, error) {
	bz, err := v.Dealing(eon, dealer)
	if err != nil || len(bz) == 0 {
		return nil, fmt.Errorf("no dealing of %d: %v", dealer, err)
	}
	return tenc.DealingFromBytes(bz)
}

// applyDKG applies the DKG messages of a verified commit-info tx.
func (p *proposal) applyDKG(ci *htypes.CommitInfo) error {
	d, err := p.app.currentDKG(p.tenc)
	if err != nil || d == nil {
		return err
	}
	phase := d.PhaseAt(ci.Height)
	changed := false
	for _, vote := range ci.Votes {
		ve, err := system.DecodeVoteExtension(vote.VoteExtension)
		if err != nil || ve.Dkg == nil || ve.Dkg.Eon != d.Eon {
			continue
		}
		if applyDKGMessage(p.tenc, d, phase, vote.ValidatorAddress, ve.Dkg) {
			changed = true
		}
	}
	if changed {
		p.tenc.SetDKG(d)
	}
	return nil
}

// applyDKGMessage applies one validator's message; invalid ones are ignored
// (the extension is signed, so they stay attributable in the block).
func applyDKGMessage(v *keeper.View, d *keeper.DKG, phase keeper.Phase, val []byte, msg *htypes.DKGMessage) bool {
	me := d.MemberIndex(val)
	switch phase {
	case keeper.PhaseRegister:
		if !d.MayRegister(val) || len(msg.DkgPublicKey) != 33 {
			return false
		}
		if _, err := crypto.DecompressPubkey(msg.DkgPublicKey); err != nil {
			return false
		}
		return d.Register(val, msg.DkgPublicKey)
	case keeper.PhaseDeal:
		if me < 0 || d.HasDealing(uint32(me)) || len(msg.Dealing) > maxDealingBytes {
			return false
		}
		return addDealing(v, d, uint32(me), msg.Dealing)
	case keeper.PhaseComplain:
		return me >= 0 && addComplaints(v, d, uint32(me), msg.Complaints)
	}
	return false
}

func addDealing(v *keeper.View, d *keeper.DKG, me uint32, bz []byte) bool {
	c, err := committeeOf(d.Eon, d.SetSize, d.Members)
	if err != nil {
		return false
	}
	dealing, err := tenc.DealingFromBytes(bz)
	if err != nil || dealing.Dealer != me || dealing.Eon != d.Eon || tenc.VerifyDealing(c, dealing) != nil {
		return false
	}
	v.AddDealing(d, me, bz)
	return true
}

func addComplaints(v *keeper.View, d *keeper.DKG, me uint32, list [][]byte) bool {
	added := false
	for i, bz := range list {
		if i >= len(d.Members) || int(d.Complaints) >= maxComplaintsPerMember*len(d.Members) {
			break
		}
		cp, err := tenc.ComplaintFromBytes(bz)
		if err != nil || cp.Member != me || cp.Eon != d.Eon {
			continue
		}
		v.AddComplaint(d, bz)
		added = true
	}
	return added
}

// endDKG runs at the end of every block: it completes or restarts the
// running DKG, hands the active eon over when a new set takes over, and
// starts the next epoch's DKG once staking has fixed that set (rotation).
func (a *App) endDKG(v *keeper.View, height int64) error {
	if err := a.finishRunningDKG(v, height); err != nil {
		return err
	}
	if err := a.handover(v, height); err != nil {
		return err
	}
	return a.planNextDKG(v, height)
}

// finishRunningDKG runs at the DKG's final height: it qualifies the
// dealings and installs the eon key, active from the next block or, for a
// next-set DKG, waiting as the next eon for its set's takeover. Too few
// qualified dealings restart the DKG with the next eon number; meanwhile
// the chain keeps the eon it has (or plaintext only): it never halts.
// Either way the DKG's complaints and unqualified dealings are pruned.
func (a *App) finishRunningDKG(v *keeper.View, height int64) error {
	d, err := a.currentDKG(v)
	if err != nil || d == nil || height < d.FinalHeight() {
		return err
	}
	v.SetDKG(nil)
	eon, err := finishDKG(v, d)
	if err != nil {
		a.logger.Info("DKG failed; restarting", "eon", d.Eon, "height", height, "err", err)
		v.PruneDKG(d, nil)
		return a.restartDKG(v, d, height)
	}
	v.PruneDKG(d, eon.Qualified) // members read only the qualified dealings from now on
	eon.Since = max(height+1, d.Takeover)
	a.logger.Info("eon key ready", "eon", eon.Eon, "height", height, "since", eon.Since,
		"members", len(eon.Members), "qualified", len(eon.Qualified))
	if eon.Since > height+1 {
		return v.SetNextEon(eon)
	}
	return v.ActivateEon(eon)
}

// restartDKG starts a failed DKG again under the next eon number: for the
// same target set while that set has not taken over yet, otherwise for the
// set in force, whose validators register their keys again.
func (a *App) restartDKG(v *keeper.View, failed *keeper.DKG, height int64) error {
	num, err := v.NextEonNumber()
	if err != nil {
		return err
	}
	d := &keeper.DKG{Eon: num, Start: height + 1}
	if failed.Takeover > height+1 {
		d.Target, d.Takeover, d.SetSize, d.MinDealings = failed.Target, failed.Takeover, failed.SetSize, failed.MinDealings
		d.Members = failed.Members
	} else {
		d.SetSize = len(a.chain.sets.At(height + 1).Validators)
	}
	return v.StartDKG(d)
}

// handover runs at the end of every block h. When the next eon's set takes
// over at h+1 (its first extensions are signed at h+1), the next eon becomes
// active; the eon it replaces stays the previous eon, so the shares its set
// signed up to h still reveal the envelopes included up to h in block h+1.
// Previous-eon envelopes still without t shares then expire after K blocks
// (fee kept): the outgoing set no longer owes shares for them.
// Whenever the set changes, an active eon that has fewer than t members in
// the new set is retired (plaintext only) and a DKG for the new set starts.
func (a *App) handover(v *keeper.View, height int64) error {
	next, err := v.NextEon()
	if err != nil {
		return err
	}
	if next != nil && next.Since <= height+1 {
		if err := v.ActivateEon(next); err != nil {
			return err
		}
		a.logger.Info("eon handover", "eon", next.Eon, "from", next.Since, "members", len(next.Members))
	} else if sameSet(a.chain.sets.At(height), a.chain.sets.At(height+1)) {
		return nil
	}
	return a.checkCoverage(v, height)
}

// checkCoverage retires the active eon when the set in force at height+1
// holds fewer than t of its members, who alone can release shares.
func (a *App) checkCoverage(v *keeper.View, height int64) error {
	eon, err := v.ActiveEon()
	if err != nil || eon == nil {
		return err
	}
	set := a.chain.sets.At(height + 1)
	present := 0
	for _, m := range eon.Members {
		if _, err := set.Find(m.Validator); err == nil {
			present++
		}
	}
	if present >= eonThreshold(eon) {
		return nil
	}
	a.logger.Info("eon retired: too few of its members in the set", "eon", eon.Eon, "height", height+1, "present", present)
	if err := v.RetireEon(); err != nil {
		return err
	}
	if d, err := v.RunningDKG(); err != nil || d != nil {
		return err
	}
	return a.restartDKG(v, &keeper.DKG{}, height)
}

// eonThreshold is t of an eon (eons stored before Threshold existed: from
// their keys' encoding).
func eonThreshold(eon *keeper.Eon) int {
	if eon.Threshold > 0 {
		return eon.Threshold
	}
	if keys, err := tenc.EonKeysFromBytes(eon.Keys); err == nil {
		return keys.Threshold
	}
	return tenc.Threshold(len(eon.Members))
}

func sameSet(a, b system.ValidatorSet) bool {
	if len(a.Validators) != len(b.Validators) {
		return false
	}
	for i := range a.Validators {
		if !bytes.Equal(a.Validators[i].Address, b.Validators[i].Address) {
			return false
		}
	}
	return true
}

func finishDKG(v *keeper.View, d *keeper.DKG) (*keeper.Eon, error) {
	c, err := committeeOf(d.Eon, d.SetSize, d.Members)
	if err != nil {
		return nil, err
	}
	var dealings []*tenc.Dealing
	for _, dealer := range d.Dealers {
		if dl, err := loadDealing(v, d.Eon, dealer); err == nil {
			dealings = append(dealings, dl)
		}
	}
	var complaints []*tenc.Complaint
	for i := uint32(0); i < d.Complaints; i++ {
		bz, err := v.Complaint(d.Eon, i)
		if err != nil {
			return nil, err
		}
		if cp, err := tenc.ComplaintFromBytes(bz); err == nil {
			complaints = append(complaints, cp)
		}
	}
	qualified, _ := tenc.Qualify(c, dealings, complaints)
	need := c.Threshold
	if d.MinDealings > 0 {
		need = d.MinDealings
	}
	if len(qualified) < need {
		return nil, fmt.Errorf("%d qualified dealings, %d needed", len(qualified), need)
	}
	keys, err := tenc.AggregateDealings(c, qualified)
	if err != nil {
		return nil, err
	}
	eon := &keeper.Eon{Eon: d.Eon, Keys: keys.Bytes(), Members: d.Members, Threshold: c.Threshold}
	for _, q := range qualified {
		eon.Qualified = append(eon.Qualified, q.Dealer)
	}
	return eon, nil
}

// secretShare returns this node's secret key share of the active eon,
// decrypting its dealt shares from state once per eon.
func (a *App) secretShare(v *keeper.View, eon *keeper.Eon) (*eonSecret, error) {
	n := &a.tnode
	if n.dkgKey == nil {
		return nil, errNoThresholdKeys
	}
	if n.secret != nil && n.secret.eon == eon.Eon {
		return n.secret, nil
	}
	d := keeper.DKG{Members: eon.Members}
	me := d.MemberIndex(n.valAddr)
	if me < 0 {
		return nil, fmt.Errorf("not a member of eon %d", eon.Eon)
	}
	c, err := committeeOf(eon.Eon, len(eon.Members), eon.Members)
	if err != nil {
		return nil, err
	}
	var shares []tenc.DealtShare
	for _, dealer := range eon.Qualified {
		dl, err := loadDealing(v, eon.Eon, dealer)
		if err != nil {
			return nil, err
		}
		s, err := tenc.DecryptShare(c, dl, uint32(me), n.dkgKey)
		if err != nil {
			return nil, err
		}
		shares = append(shares, s)
	}
	sk, err := tenc.AggregateSecretShare(uint32(me), shares)
	if err != nil {
		return nil, err
	}
	n.secret = &eonSecret{eon: eon.Eon, member: uint32(me), share: sk}
	return n.secret, nil
}

// SetPlanner is the module that fixes the consensus set one epoch ahead
// (x/staking); the threshold mempool runs the next eon's DKG among it.
type SetPlanner interface {
	// NextBoundary reports, from the state committed at height committed,
	// the next epoch boundary: the height at whose end the planned set is
	// returned as validator updates (in force two heights later).
	NextBoundary(r store.Reader, committed int64) (int64, error)
	// PlannedSet reports, from the same state, each planned validator's
	// CometBFT address and registered DKG key (nil when it has none).
	PlannedSet(r store.Reader, committed int64) (consAddrs, dkgKeys [][]byte, err error)
}

func (a *App) setPlanner() SetPlanner {
	for _, m := range a.modules {
		if p, ok := m.(SetPlanner); ok {
			return p
		}
	}
	return nil
}

// planNextDKG starts the DKG of the next epoch's set, one epoch ahead, as
// soon as staking has fixed it (read from committed state, one block after
// the snapshot). A set whose members and keys equal the latest eon's keeps
// that eon: rotating the key brings nothing, since every envelope has its
// own identity and revealed keys open nothing else. One DKG runs at a time.
func (a *App) planNextDKG(v *keeper.View, height int64) error {
	planner := a.setPlanner()
	if planner == nil {
		return nil
	}
	latest, err := latestEon(v)
	if err != nil || latest == nil {
		return err
	}
	if d, err := v.RunningDKG(); err != nil || d != nil {
		return err
	}
	r := a.stateForBlock()
	boundary, err := planner.NextBoundary(r, height-1)
	if err != nil {
		return fmt.Errorf("read the next epoch boundary: %w", err)
	}
	done, err := v.PlannedBoundary()
	if err != nil || boundary <= done || boundary+2 <= height+1 {
		return err
	}
	addrs, keys, err := planner.PlannedSet(r, height-1)
	if err != nil || len(addrs) == 0 {
		return err
	}
	v.SetPlannedBoundary(boundary)
	d := &keeper.DKG{Start: height + 1, SetSize: len(addrs), Takeover: boundary + 2}
	for i, addr := range addrs {
		d.Target = append(d.Target, append([]byte{}, addr...))
		if key := plannedKey(keys[i], latest, addr); key != nil {
			d.Register(addr, key)
		}
	}
	if len(addrs) == len(latest.Members) && keeper.SameMembers(d.Members, latest.Members) {
		a.logger.Debug("next epoch's set unchanged: the eon carries over", "eon", latest.Eon, "boundary", boundary)
		return nil
	}
	return a.startPlannedDKG(v, d, height)
}

// startPlannedDKG stores a next-set DKG. Its dealers are the members that
// are validators now (only their extensions reach the chain), and the key
// needs t of those dealings; members that join with the new set only
// receive shares (they cannot complain either: a joiner dealt a bad share
// lacks its key share and counts as one of the f absent members).
func (a *App) startPlannedDKG(v *keeper.View, d *keeper.DKG, height int64) error {
	cur := a.chain.sets.At(height + 1)
	dealers := 0
	for _, m := range d.Members {
		if _, err := cur.Find(m.Validator); err == nil {
			dealers++
		}
	}
	if dealers == 0 {
		a.logger.Info("no member of the next set can deal now; its DKG runs after the takeover", "takeover", d.Takeover)
		return nil
	}
	num, err := v.NextEonNumber()
	if err != nil {
		return err
	}
	d.Eon, d.MinDealings = num, tenc.Threshold(dealers)
	a.logger.Info("next set's DKG started", "eon", d.Eon, "start", d.Start, "takeover", d.Takeover,
		"set", d.SetSize, "members", len(d.Members), "dealers", dealers)
	return v.StartDKG(d)
}

// latestEon is the eon waiting for its takeover, else the active one.
func latestEon(v *keeper.View) (*keeper.Eon, error) {
	if next, err := v.NextEon(); next != nil || err != nil {
		return next, err
	}
	return v.ActiveEon()
}

// plannedKey is a planned validator's DKG key: the one it registered with
// staking, else the one it used in the latest eon (genesis validators
// register theirs in the genesis DKG), nil when neither is a valid key.
func plannedKey(registered []byte, latest *keeper.Eon, addr []byte) []byte {
	key := registered
	if len(key) == 0 {
		key = keeper.KeyOf(latest.Members, addr)
	}
	if len(key) != 33 {
		return nil
	}
	if _, err := crypto.DecompressPubkey(key); err != nil {
		return nil
	}
	return append([]byte{}, key...)
}
