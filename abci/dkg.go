package abci

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/crypto"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
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

// currentDKG returns the running DKG; before any eon exists it is the
// genesis DKG (not yet written to state).
func (a *App) currentDKG(v *keeper.View) (*keeper.DKG, error) {
	d, err := v.RunningDKG()
	if d != nil || err != nil {
		return d, err
	}
	eon, err := v.ActiveEon()
	if eon != nil || err != nil {
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
		if me < 0 {
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
		if len(d.Members) >= d.SetSize || len(msg.DkgPublicKey) != 33 {
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

// endDKG runs at the end of every block: at the DKG's final height it
// qualifies the dealings and installs the eon key, or restarts the DKG with
// the next eon number when too few dealings qualify.
func (a *App) endDKG(v *keeper.View, height int64) error {
	d, err := a.currentDKG(v)
	if err != nil || d == nil || height < d.FinalHeight() {
		return err
	}
	eon, err := finishDKG(v, d)
	if err != nil {
		a.logger.Info("DKG failed; restarting", "eon", d.Eon, "height", height, "err", err)
		v.SetDKG(&keeper.DKG{Eon: d.Eon + 1, Start: height + 1, SetSize: len(a.chain.sets.At(height + 1).Validators)})
		return nil
	}
	eon.Since = height + 1
	v.SetActiveEon(eon)
	v.SetDKG(nil)
	a.logger.Info("eon key ready", "eon", eon.Eon, "height", height, "members", len(eon.Members), "qualified", len(eon.Qualified))
	return nil
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
	if len(qualified) < c.Threshold {
		return nil, fmt.Errorf("%d qualified dealings, threshold %d", len(qualified), c.Threshold)
	}
	keys, err := tenc.AggregateDealings(c, qualified)
	if err != nil {
		return nil, err
	}
	eon := &keeper.Eon{Eon: d.Eon, Keys: keys.Bytes(), Members: d.Members}
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
