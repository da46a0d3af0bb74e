// Package store keeps Hyperion's versioned state in an IAVL tree on disk (one
// version per height) and the Ethereum block/receipt index beside it.
package store

// Change is one write to the state tree: Value set at Key, or Key removed when
// Delete is true. Callers pass batches of changes; the store applies them in
// sorted key order because IAVL's root depends on insertion order.
type Change struct {
	Key    []byte
	Value  []byte
	Delete bool
}

// Reader reads committed state at one version.
type Reader interface {
	// Get returns the value at key, or nil when the key is absent.
	Get(key []byte) ([]byte, error)
}
