// Package spare keeps the large arrays and maps of a finished block for the
// next one.
package spare

import "sync"

// List keeps at most Max values handed back by finished work, for the next
// user. Unlike a sync.Pool it survives garbage collections, which in a
// block executor come every block or two, so a block's big arrays are made
// once rather than once per collection. Safe for concurrent use.
type List[T any] struct {
	Max int // values kept at most

	mu    sync.Mutex
	items []T
}

// Take removes and returns the most recently put value, if the list holds
// one and fits (nil: any) accepts it.
func (l *List[T]) Take(fits func(T) bool) (v T, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.items)
	if n == 0 || (fits != nil && !fits(l.items[n-1])) {
		return v, false
	}
	v = l.items[n-1]
	var zero T
	l.items[n-1] = zero
	l.items = l.items[:n-1]
	return v, true
}

// Put keeps v unless the list already holds Max values; it reports whether
// v was kept.
func (l *List[T]) Put(v T) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.items) >= l.Max {
		return false
	}
	l.items = append(l.items, v)
	return true
}
