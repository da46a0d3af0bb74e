package batch

import (
	"encoding/binary"
)

// The version-2 body (the uncompressed payload) is a column layout, like OP Stack's span batches: a table
// of numColumns uvarint column lengths, then the columns in this order. Block metadata and the kind of
// every transaction come first; each plaintext-lane Ethereum transaction is split across the field
// columns (its chain id is the batch's, stored once); every other transaction is kept raw in colOther.
// Columns of like data sit together, so the compressor's matches and entropy tables see uniform data.
const (
	colHeader        = iota // uvarint index, first height, block count, chain id
	colBlocks               // per block: uvarint time delta, proposer, round, votes, misbehavior, tx count
	colKinds                // one kind byte per transaction
	colNonce                // uvarint
	colGas                  // uvarint
	colTipLen               // integers: one length byte per value (see spanint.go); the fee cap column also
	colFeeCapLen            // carries the gas price of legacy and EIP-2930 transactions
	colBlobFeeCapLen        //
	colValueLen             //
	colIntTop               // integers: the top byte of each value
	colTo                   // uvarint: 0 creation, 1 a new address (next in colAddress), 2+i address i
	colDataLen              // uvarint
	colAccessList           // RLP list as in the transaction
	colBlobHashes           // RLP list as in the transaction
	colAuthList             // RLP list as in the transaction
	colIntRest              // integers: the other bytes of the values, by rank
	colAddress              // the batch's address dictionary, 20 bytes per entry in first-use order
	colData                 // calldata bytes
	colOther                // per other transaction: uvarint length ‖ bytes
	colR                    // 32 bytes per Ethereum transaction
	colS                    // 32 bytes per Ethereum transaction: s (below 2^255) with the y-parity as top bit
	numColumns
)

// spanOverhead bounds the version-2 body bytes besides the blocks' encodedBound: column table and header.
const spanOverhead = numColumns*binary.MaxVarintLen64 + 4*binary.MaxVarintLen64

// encodedBound bounds the bytes blk adds to a version-2 body. A transaction counts as a kind byte and its
// raw form (uvarint length ‖ bytes, which is also its size in CometBFT's protobuf block); the encoder keeps
// a transaction raw whenever its column form could be larger.
func encodedBound(blk *Block) int {
	const v = binary.MaxVarintLen64
	n := 5*v + len(blk.Proposer)
	for _, vote := range blk.Votes {
		n += 2*v + len(vote.Address) + 1
	}
	for _, m := range blk.Misbehavior {
		n += 6*v + len(m.Address) + 1
	}
	for _, tx := range blk.Txs {
		n += 1 + uvarintLen(uint64(len(tx))) + len(tx)
	}
	return n
}

// spanEncoder fills the columns of one batch.
type spanEncoder struct {
	cols     [numColumns][]byte
	addrs    map[[20]byte]uint64
	chainID  uint64
	chainSet bool
	ints     intValues
}

// encodeSpan is the version-2 body of a valid batch.
func encodeSpan(b *Batch) []byte { return joinColumns(spanColumns(b)) }

// joinColumns is the column table followed by the columns.
func joinColumns(cols [numColumns][]byte) []byte {
	size := 0
	for _, c := range cols {
		size += binary.MaxVarintLen64 + len(c)
	}
	out := make([]byte, 0, size)
	for _, c := range cols {
		out = binary.AppendUvarint(out, uint64(len(c)))
	}
	for _, c := range cols {
		out = append(out, c...)
	}
	return out
}

// spanColumns fills the columns of a valid batch.
func spanColumns(b *Batch) [numColumns][]byte {
	e := &spanEncoder{addrs: make(map[[20]byte]uint64)}
	var prevTime uint64
	for _, blk := range b.Blocks {
		e.putBlock(blk, prevTime)
		prevTime = blk.Time
		for _, tx := range blk.Txs {
			e.putTx(tx)
		}
	}
	h := binary.AppendUvarint(nil, b.Index)
	h = binary.AppendUvarint(h, b.First())
	h = binary.AppendUvarint(h, uint64(len(b.Blocks)))
	e.cols[colHeader] = binary.AppendUvarint(h, e.chainID)
	var lens [len(intFields)][]byte
	e.cols[colIntTop], e.cols[colIntRest] = e.ints.appendRanks(&lens, nil, nil)
	for i := range lens {
		e.cols[colTipLen+i] = lens[i]
	}
	return e.cols
}

// putBlock writes a block's metadata; its height follows from the batch's first height.
func (e *spanEncoder) putBlock(blk *Block, prevTime uint64) {
	c := e.cols[colBlocks]
	c = binary.AppendUvarint(c, blk.Time-prevTime) // wraps when time goes back; decoding wraps too
	c = appendBytes(c, blk.Proposer)
	c = binary.AppendUvarint(c, uint64(blk.CommitRound))
	c = binary.AppendUvarint(c, uint64(len(blk.Votes)))
	for _, v := range blk.Votes {
		c = append(binary.AppendUvarint(appendBytes(c, v.Address), v.Power), v.Flag)
	}
	c = binary.AppendUvarint(c, uint64(len(blk.Misbehavior)))
	for _, m := range blk.Misbehavior {
		c = appendBytes(append(c, m.Type), m.Address)
		for _, x := range []uint64{m.Power, m.Height, m.Time, m.TotalVotingPower} {
			c = binary.AppendUvarint(c, x)
		}
	}
	e.cols[colBlocks] = binary.AppendUvarint(c, uint64(len(blk.Txs)))
}

// putTx writes one CometBFT transaction: split into the field columns when it is an Ethereum transaction
// of the batch's chain that the columns reproduce exactly and no larger than raw, else raw.
func (e *spanEncoder) putTx(tx []byte) {
	t, ok := splitEthTx(tx)
	ok = ok && (!e.chainSet || t.chainID == e.chainID) && t.columnBound() <= uvarintLen(uint64(len(tx)))+len(tx)
	if !ok {
		e.cols[colKinds] = append(e.cols[colKinds], kindOther)
		e.cols[colOther] = appendBytes(e.cols[colOther], tx)
		return
	}
	e.chainID, e.chainSet = t.chainID, true
	e.cols[colKinds] = append(e.cols[colKinds], t.kind)
	for _, f := range txTemplates[t.kind] {
		e.putField(&t, f)
	}
}

// putField writes field f of t to its column.
func (e *spanEncoder) putField(t *ethTx, f txField) {
	switch f {
	case fNonce:
		e.cols[colNonce] = binary.AppendUvarint(e.cols[colNonce], t.nonce)
	case fGas:
		e.cols[colGas] = binary.AppendUvarint(e.cols[colGas], t.gas)
	case fTip, fFeeCap, fBlobFeeCap, fValue:
		i := intSlot(f)
		e.ints[i] = append(e.ints[i], *t.intField(f))
	case fR:
		e.cols[colR] = append(append(e.cols[colR], make([]byte, 32-len(t.r))...), t.r...)
	case fS:
		n := len(e.cols[colS])
		e.cols[colS] = append(append(e.cols[colS], make([]byte, 32-len(t.s))...), t.s...)
		e.cols[colS][n] |= t.parity << 7
	case fTo:
		e.putTo(t.to)
	case fData:
		e.cols[colDataLen] = binary.AppendUvarint(e.cols[colDataLen], uint64(len(t.data)))
		e.cols[colData] = append(e.cols[colData], t.data...)
	case fAccessList, fBlobHashes, fAuthList:
		col := listColumn(f)
		e.cols[col] = append(e.cols[col], *t.listField(f)...)
	}
}

// putTo writes a recipient: creation, a dictionary index, or a new dictionary entry.
func (e *spanEncoder) putTo(to []byte) {
	if to == nil {
		e.cols[colTo] = append(e.cols[colTo], 0)
		return
	}
	key := [20]byte(to)
	if i, ok := e.addrs[key]; ok {
		e.cols[colTo] = binary.AppendUvarint(e.cols[colTo], i+2)
		return
	}
	e.addrs[key] = uint64(len(e.addrs))
	e.cols[colTo] = append(e.cols[colTo], 1)
	e.cols[colAddress] = append(e.cols[colAddress], to...)
}

// columnBound bounds the column bytes of t besides its kind byte (a recipient counted as a new address).
func (t *ethTx) columnBound() int {
	n := 0
	for _, f := range txTemplates[t.kind] {
		switch f {
		case fNonce:
			n += uvarintLen(t.nonce)
		case fGas:
			n += uvarintLen(t.gas)
		case fTip, fFeeCap, fBlobFeeCap, fValue:
			n += 1 + len(*t.intField(f))
		case fR, fS:
			n += 32
		case fTo:
			n += 1 + len(t.to)
		case fData:
			n += uvarintLen(uint64(len(t.data))) + len(t.data)
		case fAccessList, fBlobHashes, fAuthList:
			n += len(*t.listField(f))
		}
	}
	return n
}

// listColumn is the column of list field f.
func listColumn(f txField) int {
	switch f {
	case fAccessList:
		return colAccessList
	case fBlobHashes:
		return colBlobHashes
	}
	return colAuthList
}

// appendBytes appends uvarint(len(b)) ‖ b.
func appendBytes(dst, b []byte) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(b))), b...)
}
