package app

import (
	"sync"

	dbm "github.com/cometbft/cometbft-db"
	cmtcfg "github.com/cometbft/cometbft/config"
)

// cometDBs opens CometBFT's databases and remembers them: CometBFT v0.40
// does not close every database it opens (the tx indexer's stays open after
// Stop), so an in-process restart on the same home would find it locked.
type cometDBs struct {
	mu  sync.Mutex
	dbs []*guardedDB
}

// provider is the DBProvider handed to CometBFT.
func (c *cometDBs) provider(ctx *cmtcfg.DBContext) (dbm.DB, error) {
	db, err := cmtcfg.DefaultDBProvider(ctx)
	if err != nil {
		return nil, err
	}
	g := &guardedDB{DB: db}
	c.mu.Lock()
	c.dbs = append(c.dbs, g)
	c.mu.Unlock()
	return g, nil
}

// closeAll closes every database after CometBFT stopped.
func (c *cometDBs) closeAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, db := range c.dbs {
		_ = db.Close()
	}
	c.dbs = nil
}

// guardedDB makes reads after Close answer "not found" instead of an error.
// CometBFT v0.40 closes its block store in Node.OnStop while a consensus
// reactor goroutine per peer (queryMaj23Routine) may still load a commit;
// a read error there panics and takes the whole process down (seen in
// in-process tests that stop one node of a network).
type guardedDB struct {
	dbm.DB
	mu     sync.RWMutex
	closed bool
}

// Get returns nil for every key once the database is closed.
func (g *guardedDB) Get(key []byte) ([]byte, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.closed {
		return nil, nil
	}
	return g.DB.Get(key)
}

// Has reports false for every key once the database is closed.
func (g *guardedDB) Has(key []byte) (bool, error) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.closed {
		return false, nil
	}
	return g.DB.Has(key)
}

// Close closes the database once; later calls do nothing.
func (g *guardedDB) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return nil
	}
	g.closed = true
	return g.DB.Close()
}
