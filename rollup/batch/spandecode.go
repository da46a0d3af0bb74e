package batch

import "fmt"

// arenaChunk is the allocation unit for decoded Ethereum transactions.
const arenaChunk = 256 << 10

// column reads one column of a version-2 body. The first failure sticks: later reads return zero values
// and the caller checks err once per block or transaction.
type column struct {
	name string
	b    []byte
	err  error
}

var columnNames = [numColumns]string{"header", "blocks", "kinds", "nonce", "gas", "tip length", "fee cap length",
	"blob fee cap length", "value length", "integer top", "to", "data length", "access list", "blob hashes",
	"auth list", "integer rest", "address", "data", "other", "r", "s"}

func (c *column) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("%w: %s column: %s", ErrBadContent, c.name, fmt.Sprintf(format, args...))
	}
}

// uvarint reads a minimally encoded uvarint.
func (c *column) uvarint() uint64 {
	var x uint64
	for i := 0; i < len(c.b) && i < 10; i++ {
		b := c.b[i]
		if i == 9 && b > 1 {
			break
		}
		x |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			if i > 0 && b == 0 {
				break // not minimal
			}
			c.b = c.b[i+1:]
			return x
		}
	}
	c.fail("bad uvarint")
	c.b = nil
	return 0
}

// next reads n bytes.
func (c *column) next(n uint64) []byte {
	if n > uint64(len(c.b)) {
		c.fail("%d bytes past its end", n-uint64(len(c.b)))
		c.b = nil
		return nil
	}
	out := c.b[:n:n]
	c.b = c.b[n:]
	return out
}

// byte reads one byte.
func (c *column) byte() byte {
	if b := c.next(1); len(b) == 1 {
		return b[0]
	}
	return 0
}

// bytes reads uvarint(len) ‖ bytes of at most max bytes.
func (c *column) bytes(max uint64) []byte {
	n := c.uvarint()
	if n > max {
		c.fail("%d-byte field, at most %d", n, max)
		return nil
	}
	return c.next(n)
}

// count reads a count of at most max entries, each taking at least one more byte of the column.
func (c *column) count(max int) int {
	n := c.uvarint()
	if n > uint64(max) || n > uint64(len(c.b)) {
		c.fail("count %d over its bound", n)
		return 0
	}
	return int(n)
}

// word reads a 32-byte integer, returning it minimal.
func (c *column) word() []byte { return trimZeros(c.next(32)) }

func trimZeros(v []byte) []byte {
	for len(v) > 0 && v[0] == 0 {
		v = v[1:]
	}
	return v
}

// rlpList reads one RLP list.
func (c *column) rlpList() []byte {
	item, rest, ok := splitRawList(c.b)
	if !ok {
		c.fail("bad RLP list")
		c.b = nil
		return nil
	}
	c.b = rest
	return item
}

// spanDecoder rebuilds a batch from the columns of a version-2 body.
type spanDecoder struct {
	cols    [numColumns]column
	chainID uint64
	addrs   [][]byte
	ints    intValues
	arena   []byte
}

// decodeSpan parses a version-2 body. It checks structure and bounds; CheckEncoding checks canonicity.
func decodeSpan(body []byte) (*Batch, error) {
	d, err := newSpanDecoder(body)
	if err != nil {
		return nil, err
	}
	h := &d.cols[colHeader]
	index, first, n := h.uvarint(), h.uvarint(), h.uvarint()
	d.chainID = h.uvarint()
	switch {
	case h.err != nil:
		return nil, h.err
	case n == 0 || n > MaxBlocksPerBatch || first == 0 || first > 1<<62 || d.chainID > maxChainID:
		return nil, fmt.Errorf("%w: header: %d blocks from %d, chain id %d", ErrBadContent, n, first, d.chainID)
	}
	b := &Batch{Index: index, Blocks: make([]*Block, n)}
	var prevTime uint64
	for i := range b.Blocks {
		if b.Blocks[i], err = d.block(first+uint64(i), prevTime); err != nil {
			return nil, err
		}
		prevTime = b.Blocks[i].Time
	}
	if err := d.finish(); err != nil {
		return nil, err
	}
	return b, b.Validate()
}

// newSpanDecoder splits a body into its columns.
func newSpanDecoder(body []byte) (*spanDecoder, error) {
	d := new(spanDecoder)
	table := column{name: "table", b: body}
	var sizes [numColumns]uint64
	for i := range sizes {
		sizes[i] = table.uvarint()
	}
	for i, n := range sizes {
		d.cols[i] = column{name: columnNames[i], b: table.next(n)}
	}
	if table.err != nil {
		return nil, table.err
	}
	if len(table.b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last column", ErrBadContent, len(table.b))
	}
	var lens [len(intFields)][]byte
	for i := range lens {
		lens[i], d.cols[colTipLen+i].b = d.cols[colTipLen+i].b, nil
	}
	var err error
	d.ints, err = splitRanks(lens, d.cols[colIntTop].b, d.cols[colIntRest].b)
	if err != nil {
		return nil, err
	}
	d.cols[colIntTop].b, d.cols[colIntRest].b = nil, nil
	return d, nil
}

// finish checks every column and every integer was read to its end.
func (d *spanDecoder) finish() error {
	for i, vals := range d.ints {
		if len(vals) != 0 {
			return fmt.Errorf("%w: %d values left in the %s column", ErrBadContent, len(vals), columnNames[colTipLen+i])
		}
	}
	for i := range d.cols {
		if len(d.cols[i].b) != 0 {
			return fmt.Errorf("%w: %d bytes left in the %s column", ErrBadContent, len(d.cols[i].b), d.cols[i].name)
		}
	}
	return nil
}

// block reads block height's metadata and transactions.
func (d *spanDecoder) block(height, prevTime uint64) (*Block, error) {
	c := &d.cols[colBlocks]
	blk := &Block{Height: height, Time: prevTime + c.uvarint(), Proposer: c.bytes(MaxAddressLen)}
	if round := c.uvarint(); round <= 1<<30 {
		blk.CommitRound = uint32(round)
	} else {
		c.fail("block %d: round %d", height, round)
	}
	blk.Votes = make([]Vote, c.count(MaxVotesPerBlock))
	for i := range blk.Votes {
		blk.Votes[i] = Vote{Address: c.bytes(MaxAddressLen), Power: c.uvarint(), Flag: c.byte()}
	}
	blk.Misbehavior = make([]Misbehavior, c.count(MaxMisbehaviorPerBlock))
	for i := range blk.Misbehavior {
		blk.Misbehavior[i] = Misbehavior{Type: c.byte(), Address: c.bytes(MaxAddressLen), Power: c.uvarint(),
			Height: c.uvarint(), Time: c.uvarint(), TotalVotingPower: c.uvarint()}
	}
	nTxs := c.uvarint()
	if c.err != nil {
		return nil, c.err
	}
	if nTxs > MaxTxsPerBlock || nTxs > uint64(len(d.cols[colKinds].b)) {
		return nil, fmt.Errorf("%w: block %d: %d transactions over the bound or the kinds column", ErrBadContent, height, nTxs)
	}
	if nTxs > 0 {
		blk.Txs = make([][]byte, nTxs)
	}
	for i := range blk.Txs {
		tx, err := d.tx()
		if err != nil {
			return nil, fmt.Errorf("block %d tx %d: %w", height, i, err)
		}
		blk.Txs[i] = tx
	}
	return blk, nil
}

// tx reads the next transaction.
func (d *spanDecoder) tx() ([]byte, error) {
	kind := d.cols[colKinds].byte()
	if kind == kindOther {
		o := &d.cols[colOther]
		tx := o.bytes(MaxDecompressedBytes)
		return tx, o.err
	}
	if kind >= numKinds {
		return nil, fmt.Errorf("%w: transaction kind %d", ErrBadContent, kind)
	}
	t := ethTx{kind: kind, chainID: d.chainID}
	for _, f := range txTemplates[kind] {
		if err := d.readField(&t, f); err != nil {
			return nil, err
		}
	}
	n := t.envelopeSize()
	if cap(d.arena)-len(d.arena) < n {
		d.arena = make([]byte, 0, max(arenaChunk, n))
	}
	start := len(d.arena)
	d.arena = t.appendEnvelope(d.arena)
	return d.arena[start:len(d.arena):len(d.arena)], nil
}

// readField reads field f of t from its column.
func (d *spanDecoder) readField(t *ethTx, f txField) error {
	var c *column
	switch f {
	case fChainID:
		return nil // the batch's
	case fNonce:
		c = &d.cols[colNonce]
		t.nonce = c.uvarint()
	case fGas:
		c = &d.cols[colGas]
		t.gas = c.uvarint()
	case fTip, fFeeCap, fBlobFeeCap, fValue:
		vals := &d.ints[intSlot(f)]
		if len(*vals) == 0 {
			return fmt.Errorf("%w: %s column ends early", ErrBadContent, columnNames[colTipLen+intSlot(f)])
		}
		*t.intField(f), *vals = (*vals)[0], (*vals)[1:]
		return nil
	case fR:
		c = &d.cols[colR]
		t.r = c.word()
	case fS:
		c = &d.cols[colS]
		if w := c.next(32); len(w) == 32 {
			t.parity, t.sWord = w[0]>>7, [32]byte(w)
			t.sWord[0] &= 0x7f
			t.s = trimZeros(t.sWord[:])
		}
	case fTo:
		return d.readTo(t)
	case fData:
		c = &d.cols[colData]
		t.data = c.next(d.cols[colDataLen].uvarint())
		if err := d.cols[colDataLen].err; err != nil {
			return err
		}
	case fAccessList, fBlobHashes, fAuthList:
		c = &d.cols[listColumn(f)]
		*t.listField(f) = c.rlpList()
	case fYParity, fLegacyV:
		return nil // the top bit of s
	}
	return c.err
}

// readTo reads a recipient.
func (d *spanDecoder) readTo(t *ethTx) error {
	c := &d.cols[colTo]
	switch code := c.uvarint(); {
	case c.err != nil:
		return c.err
	case code == 0:
		if toRequired(t.kind) {
			return fmt.Errorf("%w: contract creation in a kind-%d transaction", ErrBadContent, t.kind)
		}
	case code == 1:
		a := &d.cols[colAddress]
		t.to = a.next(20)
		d.addrs = append(d.addrs, t.to)
		return a.err
	case code-2 < uint64(len(d.addrs)):
		t.to = d.addrs[code-2]
	default:
		return fmt.Errorf("%w: address %d of a %d-entry dictionary", ErrBadContent, code-2, len(d.addrs))
	}
	return nil
}
