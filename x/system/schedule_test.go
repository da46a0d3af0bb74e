package system

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSetScheduleOffsets(t *testing.T) {
	vals, set := testSet(t, 4)
	s := NewSetSchedule(set)
	require.Equal(t, set, s.At(1))

	// At height 10 validator 0 leaves: in force from 12; heights ≥ 10 still need the old set.
	s2, err := s.Apply([]Validator{{Address: vals[0].val.Address, PubKey: vals[0].val.PubKey, Power: 0}}, 12, 10)
	require.NoError(t, err)
	require.Len(t, s2.At(11).Validators, 4)
	require.Len(t, s2.At(12).Validators, 3)
	require.Len(t, s2.Entries, 2)

	// Later changes forget the sets no height needs any more.
	s3, err := s2.Apply([]Validator{{Address: vals[1].val.Address, PubKey: vals[1].val.PubKey, Power: 50}}, 15, 13)
	require.NoError(t, err)
	require.Len(t, s3.Entries, 2)
	require.Equal(t, int64(12), s3.Entries[0].From)
	require.Equal(t, int64(70), s3.At(15).TotalPower())

	back, err := DecodeSetSchedule(s3.Encode())
	require.NoError(t, err)
	require.Equal(t, s3, back)

	_, err = s.Apply([]Validator{{Address: make([]byte, 20), Power: 0}}, 3, 1)
	require.ErrorIs(t, err, ErrUnknownValidator)
}
