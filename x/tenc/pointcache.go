package tenc

import "sync"

// DefaultPointCacheSize is the generation size of a zero IdentityPoints.
const DefaultPointCacheSize = 4096

// IdentityPoints caches identities hashed to G1, so that a node hashes each
// envelope's identity once: when the envelope reaches its pool, for its
// shares in ExtendVote, and when the next block derives its key. A point is
// a pure function of its identity, so the cache never changes a result.
//
// It holds at most two generations of Size entries: when the current one is
// full it becomes the old one and the oldest is dropped; a hit in the old
// generation moves the entry to the current one. The zero value is ready to
// use (Size DefaultPointCacheSize); it is safe for concurrent use, and a nil
// *IdentityPoints hashes every time.
type IdentityPoints struct {
	// Size is the number of entries of one generation (0: the default).
	Size int

	mu       sync.Mutex
	cur, old map[Identity]IdentityPoint
	hits     uint64
	misses   uint64
}

// Point returns id hashed to G1, from the cache when it is there. The hash
// runs outside the lock, so concurrent callers hash in parallel.
func (c *IdentityPoints) Point(id Identity) IdentityPoint {
	if c == nil {
		return id.Point()
	}
	if p, ok := c.lookup(id); ok {
		return p
	}
	p := id.Point()
	c.mu.Lock()
	c.insert(id, p)
	c.mu.Unlock()
	return p
}

// Warm hashes id into the cache unless it is there already.
func (c *IdentityPoints) Warm(id Identity) { c.Point(id) }

// Stats returns the number of lookups served from the cache and computed.
func (c *IdentityPoints) Stats() (hits, misses uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// Len returns the number of cached points.
func (c *IdentityPoints) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur) + len(c.old)
}

func (c *IdentityPoints) lookup(id Identity) (IdentityPoint, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.cur[id]; ok {
		c.hits++
		return p, true
	}
	if p, ok := c.old[id]; ok {
		c.hits++
		delete(c.old, id)
		c.insert(id, p)
		return p, true
	}
	c.misses++
	return IdentityPoint{}, false
}

// insert adds an entry to the current generation; c.mu is held.
func (c *IdentityPoints) insert(id Identity, p IdentityPoint) {
	size := c.Size
	if size <= 0 {
		size = DefaultPointCacheSize
	}
	if c.cur == nil {
		c.cur = make(map[Identity]IdentityPoint, size)
	}
	if _, ok := c.cur[id]; ok {
		return
	}
	if len(c.cur) >= size {
		c.old, c.cur = c.cur, make(map[Identity]IdentityPoint, size)
	}
	c.cur[id] = p
}
