package keeper

import (
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/stretchr/testify/require"
)

// memReader is an empty committed state.
type memReader struct{}

func (memReader) Get([]byte) ([]byte, error) { return nil, nil }

func TestEonAtFollowsHandover(t *testing.T) {
	v := NewView(memReader{})
	e, err := v.EonAt(5)
	require.NoError(t, err)
	require.Nil(t, e, "no eon before the first DKG")

	require.NoError(t, v.ActivateEon(&Eon{Eon: 1, Since: 10}))
	for h, want := range map[int64]uint64{9: 0, 10: 1, 50: 1} {
		e, err := v.EonAt(h)
		require.NoError(t, err)
		if want == 0 {
			require.Nil(t, e, "height %d", h)
		} else {
			require.Equal(t, want, e.Eon, "height %d", h)
		}
	}

	require.NoError(t, v.SetNextEon(&Eon{Eon: 2, Since: 22}))
	next, err := v.NextEon()
	require.NoError(t, err)
	require.NoError(t, v.ActivateEon(next))
	for h, want := range map[int64]uint64{9: 0, 10: 1, 21: 1, 22: 2} {
		e, err := v.EonAt(h)
		require.NoError(t, err)
		if want == 0 {
			require.Nil(t, e, "height %d", h)
		} else {
			require.Equal(t, want, e.Eon, "height %d: extensions of the outgoing set carry eon 1", h)
		}
	}
	next, err = v.NextEon()
	require.NoError(t, err)
	require.Nil(t, next, "activation consumes the next eon")

	require.NoError(t, v.RetireEon())
	active, err := v.ActiveEon()
	require.NoError(t, err)
	require.Nil(t, active, "plaintext only")
	e, err = v.EonAt(30)
	require.NoError(t, err)
	require.Equal(t, uint64(2), e.Eon, "the retired eon's last shares still count")
}

func TestNextEonNumberNeverReuses(t *testing.T) {
	v := NewView(memReader{})
	n, err := v.NextEonNumber()
	require.NoError(t, err)
	require.Equal(t, uint64(1), n)
	require.NoError(t, v.StartDKG(&DKG{Eon: 4}))
	v.SetDKG(nil) // a DKG that failed and left no trace but its number
	n, err = v.NextEonNumber()
	require.NoError(t, err)
	require.Equal(t, uint64(5), n)
	require.NoError(t, v.ActivateEon(&Eon{Eon: 7}))
	n, err = v.NextEonNumber()
	require.NoError(t, err)
	require.Equal(t, uint64(8), n)
}

func TestMayRegisterOnlyTarget(t *testing.T) {
	open := &DKG{SetSize: 2}
	require.True(t, open.MayRegister([]byte{1}))
	require.True(t, open.Register([]byte{1}, []byte{0xaa}))
	require.False(t, open.MayRegister([]byte{1}), "registered once")
	require.True(t, open.Register([]byte{2}, []byte{0xbb}))
	require.False(t, open.MayRegister([]byte{3}), "set full")

	planned := &DKG{SetSize: 3, Target: []hexutil.Bytes{{1}, {2}, {3}}}
	require.True(t, planned.MayRegister([]byte{3}))
	require.False(t, planned.MayRegister([]byte{4}), "not in the next set")
}
