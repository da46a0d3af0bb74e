package blockstm

import "sync/atomic"

// changeLogSize is how many recent changes the change log keeps; a
// validation that would need an older one reads its keys again instead.
const changeLogSize = 1024

// maxLogScan bounds the changes one validation looks at through the log.
const maxLogScan = 64

// maxBloomReads is the largest read set checked against the log: a larger
// one would fill the read filter's bits, so it is read again instead.
const maxBloomReads = 128

// change is one change to multi-version memory: a recorded incarnation of
// txn or the abort of txn, with the keys it wrote (now ESTIMATEs after an
// abort). It is never modified once logged.
//
// A record also removes the keys of txn's previous incarnation that it no
// longer writes; they need no place in the log. Every one of them was an
// ESTIMATE since that incarnation's abort (or since SeedEstimates, before
// Run): a reader that met it suspended and recorded nothing, and a reader
// that read it before the abort has the abort's change in its window.
type change struct {
	seq  int64
	txn  int32
	keys *[]Key
}

// changeLog is a ring of the latest changes to multi-version memory, by
// record sequence number (Engine.records). It lets a validation skip
// reading a transaction's reads again: an incarnation that began executing
// at sequence number from still reads the same values at sequence number to
// when no change in between was made by a lower transaction at a key it
// read. The changes made before from were in memory before it read
// anything, and those of higher transactions lie above every entry it
// reads. A change whose number is taken but not yet logged, or already
// overwritten, makes the validation read the keys again.
type changeLog struct {
	ring [changeLogSize]atomic.Pointer[change]
}

// add logs c under its sequence number.
func (l *changeLog) add(c *change) { l.ring[c.seq%changeLogSize].Store(c) }

// at returns the change numbered seq, or nil when it is not (or no longer)
// in the log.
func (l *changeLog) at(seq int64) *change {
	if c := l.ring[seq%changeLogSize].Load(); c != nil && c.seq == seq {
		return c
	}
	return nil
}

// readsUnchanged reports whether the reads of transaction txn, made by an
// incarnation that began executing at sequence number from, are known to
// return the same values at sequence number to, judged by the log alone.
// False means unknown: the reads must be made again.
func (l *changeLog) readsUnchanged(txn int, from, to int64, reads []Read) bool {
	if to-from > maxLogScan || len(reads) > maxBloomReads {
		return false
	}
	var filter keyFilter
	built := false
	for seq := from + 1; seq <= to; seq++ {
		c := l.at(seq)
		if c == nil {
			return false
		}
		if int(c.txn) >= txn {
			continue
		}
		if !built {
			for i := range reads {
				filter.add(&reads[i].Key)
			}
			built = true
		}
		if filter.hitsAny(c.keys) {
			return false
		}
	}
	return true
}

// keyFilter is a two-hash Bloom filter of up to a few dozen keys (1,024
// bits, on the stack): a miss is certain, a hit may be false.
type keyFilter [16]uint64

func (f *keyFilter) add(k *Key) {
	h := keyHash(k)
	f[h>>6&15] |= 1 << (h & 63)
	f[h>>16&15] |= 1 << (h >> 10 & 63)
}

func (f *keyFilter) has(k *Key) bool {
	h := keyHash(k)
	return f[h>>6&15]&(1<<(h&63)) != 0 && f[h>>16&15]&(1<<(h>>10&63)) != 0
}

// hitsAny reports whether the filter may hold a key of keys (nil: none).
func (f *keyFilter) hitsAny(keys *[]Key) bool {
	if keys == nil {
		return false
	}
	for i := range *keys {
		if f.has(&(*keys)[i]) {
			return true
		}
	}
	return false
}
