package batch

import (
	"encoding/binary"
	"math/bits"

	"github.com/ethereum/go-ethereum/rlp"
)

// Kinds of CometBFT transactions in the column layout (payload version 2). An Ethereum kind is the EIP-2718
// type plus one; everything else is kindOther and travels as raw bytes.
const (
	kindOther      byte = 0
	kindLegacy     byte = 1 // EIP-155 legacy
	kindAccessList byte = 2 // EIP-2930
	kindDynamicFee byte = 3 // EIP-1559
	kindBlob       byte = 4 // EIP-4844 without sidecar
	kindSetCode    byte = 5 // EIP-7702
	numKinds       byte = 6
)

// envelopeTag is the protobuf key of abci/types Tx.eth_tx (field 1, length-delimited): a plaintext-lane
// transaction is envelopeTag ‖ uvarint(len) ‖ EIP-2718 bytes.
const envelopeTag = 0x0a

// maxChainID bounds the chain id the column layout carries (so an EIP-155 V fits 64 bits).
const maxChainID = 1 << 60

// maxIntBytes bounds an integer field (fees, value, r, s): 256 bits, as go-ethereum's uint256 fields.
const maxIntBytes = 32

// txField names one RLP field of an Ethereum transaction as the column layout splits it.
type txField uint8

const (
	fChainID txField = iota
	fNonce
	fTip
	fFeeCap // the gas price of legacy and EIP-2930 transactions
	fGas
	fTo
	fValue
	fData
	fAccessList
	fBlobFeeCap
	fBlobHashes
	fAuthList
	fYParity
	fLegacyV // EIP-155 V = 2·chainID + 35 + parity
	fR
	fS
)

// txTemplates are the RLP field lists of each Ethereum kind, in go-ethereum's order.
var txTemplates = [numKinds][]txField{
	kindLegacy:     {fNonce, fFeeCap, fGas, fTo, fValue, fData, fLegacyV, fR, fS},
	kindAccessList: {fChainID, fNonce, fFeeCap, fGas, fTo, fValue, fData, fAccessList, fYParity, fR, fS},
	kindDynamicFee: {fChainID, fNonce, fTip, fFeeCap, fGas, fTo, fValue, fData, fAccessList, fYParity, fR, fS},
	kindBlob: {fChainID, fNonce, fTip, fFeeCap, fGas, fTo, fValue, fData, fAccessList, fBlobFeeCap, fBlobHashes,
		fYParity, fR, fS},
	kindSetCode: {fChainID, fNonce, fTip, fFeeCap, fGas, fTo, fValue, fData, fAccessList, fAuthList, fYParity, fR, fS},
}

// ethTx is a plaintext-lane Ethereum transaction split into the fields the column layout carries. Integers
// other than chainID, nonce and gas are minimal big-endian bytes; list fields are their RLP encodings.
type ethTx struct {
	kind                             byte
	chainID, nonce, gas              uint64
	tip, feeCap, value, blobFeeCap   []byte
	to                               []byte // nil for a contract creation, else 20 bytes
	data                             []byte
	accessList, blobHashes, authList []byte
	parity                           byte
	r, s                             []byte
	sWord                            [32]byte // decoding: s without the parity bit
}

// toRequired reports whether the kind has no contract-creation form.
func toRequired(kind byte) bool { return kind == kindBlob || kind == kindSetCode }

// splitEnvelope returns the Ethereum transaction a CometBFT transaction wraps, if it is an eth_tx envelope.
func splitEnvelope(tx []byte) ([]byte, bool) {
	if len(tx) < 2 || tx[0] != envelopeTag {
		return nil, false
	}
	n, k := binary.Uvarint(tx[1:])
	if k <= 0 || n != uint64(len(tx)-1-k) {
		return nil, false
	}
	return tx[1+k:], true
}

// splitEthTx splits a CometBFT transaction into columns fields; ok is false for anything that is not an
// eth_tx envelope the layout reproduces byte for byte (the caller keeps those raw).
func splitEthTx(tx []byte) (t ethTx, ok bool) {
	raw, ok := splitEnvelope(tx)
	if !ok || len(raw) == 0 {
		return t, false
	}
	body := raw
	switch {
	case raw[0] >= 0xc0:
		t.kind = kindLegacy
	case raw[0] >= 1 && raw[0] <= 4:
		t.kind, body = raw[0]+1, raw[1:]
	default:
		return t, false
	}
	content, rest, err := rlp.SplitList(body)
	if err != nil || len(rest) != 0 {
		return t, false
	}
	for _, f := range txTemplates[t.kind] {
		if content, ok = t.splitField(f, content); !ok {
			return t, false
		}
	}
	if len(content) != 0 || (toRequired(t.kind) && t.to == nil) || t.chainID > maxChainID ||
		(len(t.s) == 32 && t.s[0] >= 0x80) { // the top bit of s carries the parity
		return t, false
	}
	// The layout must reproduce the bytes exactly (canonical RLP, minimal envelope varint).
	return t, string(t.appendEnvelope(make([]byte, 0, len(tx)))) == string(tx)
}

// splitField reads field f from the front of b.
func (t *ethTx) splitField(f txField, b []byte) (rest []byte, ok bool) {
	var err error
	switch f {
	case fChainID:
		t.chainID, rest, err = rlp.SplitUint64(b)
	case fNonce:
		t.nonce, rest, err = rlp.SplitUint64(b)
	case fGas:
		t.gas, rest, err = rlp.SplitUint64(b)
	case fTip, fFeeCap, fValue, fBlobFeeCap, fR, fS:
		var v []byte
		if v, rest, ok = splitInt(b); !ok {
			return nil, false
		}
		*t.intField(f) = v
	case fTo:
		t.to, rest, err = rlp.SplitString(b)
		if err == nil && len(t.to) == 0 {
			t.to = nil
		}
		ok = err == nil && (t.to == nil || len(t.to) == 20)
		return rest, ok
	case fData:
		t.data, rest, err = rlp.SplitString(b)
	case fAccessList, fBlobHashes, fAuthList:
		var v []byte
		if v, rest, ok = splitRawList(b); !ok {
			return nil, false
		}
		*t.listField(f) = v
	case fYParity:
		var p uint64
		p, rest, err = rlp.SplitUint64(b)
		ok = err == nil && p <= 1
		t.parity = byte(p)
		return rest, ok
	case fLegacyV:
		return t.splitLegacyV(b)
	}
	return rest, err == nil
}

// splitLegacyV reads an EIP-155 V into the chain id and the parity.
func (t *ethTx) splitLegacyV(b []byte) ([]byte, bool) {
	v, rest, err := rlp.SplitUint64(b)
	if err != nil || v < 35 {
		return nil, false
	}
	t.chainID, t.parity = (v-35)/2, byte((v-35)%2)
	return rest, true
}

// intField is the integer field f of t.
func (t *ethTx) intField(f txField) *[]byte {
	switch f {
	case fTip:
		return &t.tip
	case fFeeCap:
		return &t.feeCap
	case fValue:
		return &t.value
	case fBlobFeeCap:
		return &t.blobFeeCap
	case fR:
		return &t.r
	}
	return &t.s
}

// listField is the list field f of t.
func (t *ethTx) listField(f txField) *[]byte {
	switch f {
	case fAccessList:
		return &t.accessList
	case fBlobHashes:
		return &t.blobHashes
	}
	return &t.authList
}

// splitInt reads an RLP integer of at most 256 bits as minimal big-endian bytes.
func splitInt(b []byte) (v, rest []byte, ok bool) {
	v, rest, err := rlp.SplitString(b)
	if err != nil || len(v) > maxIntBytes || (len(v) > 0 && v[0] == 0) {
		return nil, nil, false
	}
	return v, rest, true
}

// splitRawList reads one RLP list, returning its whole encoding.
func splitRawList(b []byte) (item, rest []byte, ok bool) {
	k, _, rest, err := rlp.Split(b)
	if err != nil || k != rlp.List {
		return nil, nil, false
	}
	return b[:len(b)-len(rest)], rest, true
}

// payloadSize is the size of the RLP list content of t.
func (t *ethTx) payloadSize() int {
	n := 0
	for _, f := range txTemplates[t.kind] {
		n += t.fieldSize(f)
	}
	return n
}

// fieldSize is the RLP size of field f.
func (t *ethTx) fieldSize(f txField) int {
	switch f {
	case fChainID:
		return rlp.IntSize(t.chainID)
	case fNonce:
		return rlp.IntSize(t.nonce)
	case fGas:
		return rlp.IntSize(t.gas)
	case fTip, fFeeCap, fValue, fBlobFeeCap, fR, fS:
		return int(rlp.BytesSize(*t.intField(f)))
	case fTo:
		return int(rlp.BytesSize(t.to))
	case fData:
		return int(rlp.BytesSize(t.data))
	case fAccessList, fBlobHashes, fAuthList:
		return len(*t.listField(f))
	case fYParity:
		return rlp.IntSize(uint64(t.parity))
	}
	return rlp.IntSize(t.legacyV())
}

func (t *ethTx) legacyV() uint64 { return 2*t.chainID + 35 + uint64(t.parity) }

// ethSize is the size of the EIP-2718 encoding of t.
func (t *ethTx) ethSize() int {
	n := int(rlp.ListSize(uint64(t.payloadSize())))
	if t.kind != kindLegacy {
		n++
	}
	return n
}

// envelopeSize is the size of the CometBFT transaction of t.
func (t *ethTx) envelopeSize() int {
	n := t.ethSize()
	return 1 + uvarintLen(uint64(n)) + n
}

// appendEnvelope appends the CometBFT transaction of t: the eth_tx envelope of its EIP-2718 encoding.
func (t *ethTx) appendEnvelope(dst []byte) []byte {
	dst = binary.AppendUvarint(append(dst, envelopeTag), uint64(t.ethSize()))
	if t.kind != kindLegacy {
		dst = append(dst, t.kind-1)
	}
	dst = appendListHeader(dst, t.payloadSize())
	for _, f := range txTemplates[t.kind] {
		dst = t.appendField(dst, f)
	}
	return dst
}

// appendField appends the RLP encoding of field f.
func (t *ethTx) appendField(dst []byte, f txField) []byte {
	switch f {
	case fChainID:
		return rlp.AppendUint64(dst, t.chainID)
	case fNonce:
		return rlp.AppendUint64(dst, t.nonce)
	case fGas:
		return rlp.AppendUint64(dst, t.gas)
	case fTip, fFeeCap, fValue, fBlobFeeCap, fR, fS:
		return appendString(dst, *t.intField(f))
	case fTo:
		return appendString(dst, t.to)
	case fData:
		return appendString(dst, t.data)
	case fAccessList, fBlobHashes, fAuthList:
		return append(dst, *t.listField(f)...)
	case fYParity:
		return rlp.AppendUint64(dst, uint64(t.parity))
	}
	return rlp.AppendUint64(dst, t.legacyV())
}

// appendString appends the RLP encoding of the byte string s.
func appendString(dst, s []byte) []byte {
	switch {
	case len(s) == 1 && s[0] < 0x80:
		return append(dst, s[0])
	case len(s) < 56:
		return append(append(dst, 0x80+byte(len(s))), s...)
	}
	return append(appendLongHeader(dst, 0xb7, uint64(len(s))), s...)
}

// appendListHeader appends the RLP header of a list with n content bytes.
func appendListHeader(dst []byte, n int) []byte {
	if n < 56 {
		return append(dst, 0xc0+byte(n))
	}
	return appendLongHeader(dst, 0xf7, uint64(n))
}

// appendLongHeader appends an RLP header for 56 or more bytes: base+len(size) ‖ big-endian size.
func appendLongHeader(dst []byte, base byte, n uint64) []byte {
	k := (bits.Len64(n) + 7) / 8
	dst = append(dst, base+byte(k))
	for i := k - 1; i >= 0; i-- {
		dst = append(dst, byte(n>>(8*i)))
	}
	return dst
}

// uvarintLen is the size of the uvarint encoding of x.
func uvarintLen(x uint64) int { return (bits.Len64(x|1) + 6) / 7 }
