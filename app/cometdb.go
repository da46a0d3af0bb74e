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
	dbs []dbm.DB
}

// provider is the DBProvider handed to CometBFT.
func (c *cometDBs) provider(ctx *cmtcfg.DBContext) (dbm.DB, error) {
	db, err := cmtcfg.DefaultDBProvider(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.dbs = append(c.dbs, db)
	c.mu.Unlock()
	return db, nil
}

// closeAll closes every database after CometBFT stopped; a database CometBFT
// closed itself just reports that again, which is ignored.
func (c *cometDBs) closeAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, db := range c.dbs {
		_ = db.Close()
	}
	c.dbs = nil
}
