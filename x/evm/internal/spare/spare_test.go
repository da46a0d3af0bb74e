package spare

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestListKeepsAtMostMax(t *testing.T) {
	l := List[[]int]{Max: 2}
	_, ok := l.Take(nil)
	require.False(t, ok, "empty list")
	require.True(t, l.Put(make([]int, 0, 8)))
	require.True(t, l.Put(make([]int, 0, 2)))
	require.False(t, l.Put(make([]int, 0, 4)), "full")

	_, ok = l.Take(func(s []int) bool { return cap(s) >= 4 })
	require.False(t, ok, "the newest does not fit, and stays")
	v, ok := l.Take(nil)
	require.True(t, ok)
	require.Equal(t, 2, cap(v), "last in, first out")
	v, ok = l.Take(func(s []int) bool { return cap(s) >= 4 })
	require.True(t, ok)
	require.Equal(t, 8, cap(v))
	_, ok = l.Take(nil)
	require.False(t, ok)
}
