package tenc

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

func cacheIdentity(i int) Identity {
	var salt [SaltSize]byte
	salt[0] = byte(i)
	return ComputeIdentity(1, 1, [20]byte{0xaa}, uint64(i), salt)
}

func TestIdentityPointsSameAsHash(t *testing.T) {
	var c IdentityPoints
	for i := range 3 {
		id := cacheIdentity(i)
		want := id.Point().Bytes()
		require.Equal(t, want, c.Point(id).Bytes(), "miss")
		require.Equal(t, want, c.Point(id).Bytes(), "hit")
	}
	hits, misses := c.Stats()
	require.Equal(t, uint64(3), hits)
	require.Equal(t, uint64(3), misses)

	var none *IdentityPoints
	require.Equal(t, cacheIdentity(7).Point().Bytes(), none.Point(cacheIdentity(7)).Bytes(), "nil cache hashes")
}

// TestIdentityPointsBounded: at most two generations are kept; an entry hit
// in the old generation survives the next rotation.
func TestIdentityPointsBounded(t *testing.T) {
	c := IdentityPoints{Size: 2}
	for i := range 4 { // cur {2,3}, old {0,1}
		c.Warm(cacheIdentity(i))
	}
	require.Equal(t, 4, c.Len())
	c.Warm(cacheIdentity(0)) // hit in old: moves to cur, which rotates: cur {0}, old {2,3}
	require.Equal(t, 3, c.Len())
	c.Warm(cacheIdentity(4)) // cur {0,4}
	c.Warm(cacheIdentity(5)) // rotates: cur {5}, old {0,4}
	require.Equal(t, 3, c.Len())
	_, before := c.Stats()
	c.Warm(cacheIdentity(0))
	_, after := c.Stats()
	require.Equal(t, before, after, "identity 0 kept by its hit")
	c.Warm(cacheIdentity(1))
	_, after = c.Stats()
	require.Equal(t, before+1, after, "identity 1 dropped")
	for i := range 100 {
		c.Warm(cacheIdentity(i))
		require.LessOrEqual(t, c.Len(), 4)
	}
}

func TestIdentityPointsConcurrent(t *testing.T) {
	c := IdentityPoints{Size: 8}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				k := (i + g) % 12
				got, want := c.Point(cacheIdentity(k)), testPoints[k]
				if !got.p.Equal(&want.p) {
					t.Errorf("wrong point for identity %d", k)
				}
			}
		}()
	}
	wg.Wait()
	require.LessOrEqual(t, c.Len(), 16)
}

var testPoints = func() []IdentityPoint {
	out := make([]IdentityPoint, 12)
	for i := range out {
		out[i] = cacheIdentity(i).Point()
	}
	return out
}()
