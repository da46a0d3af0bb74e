package evm

import (
	"bytes"
	"encoding/binary"
	"slices"
)

// sortByKey sorts items by their byte keys (bytes.Compare order), as
// slices.SortFunc would, but several times faster on the large sets Finish
// sorts (a block's accounts and changes): it sorts item indexes by six key
// bytes at a time packed into integers, and only the runs that tie on those
// bytes go on to the next six.
func sortByKey[T any](items []T, key func(*T) []byte) {
	var s keySorter[T]
	s.key = key
	s.sort(items, 0)
}

// keySorter holds sortByKey's key function and scratch space.
type keySorter[T any] struct {
	key     func(*T) []byte
	scratch []T
}

// compare orders two items by their keys.
func (s *keySorter[T]) compare(a, b T) int { return bytes.Compare(s.key(&a), s.key(&b)) }

// prefixSortMin is the smallest run keySorter sorts by packed key bytes;
// smaller ones are sorted by comparison.
const prefixSortMin = 32

// prefixBytes is how many key bytes one pass packs (the word's low 16 bits
// hold the item's index in its run, so a run holds at most 2^16 items).
const prefixBytes = 6

// sort orders items, whose keys all agree on their first off bytes.
func (s *keySorter[T]) sort(items []T, off int) {
	n := len(items)
	if n < prefixSortMin || n > 1<<16 {
		slices.SortFunc(items, s.compare)
		return
	}
	words := s.packed(items, off)
	slices.Sort(words)
	s.permute(items, words)
	for i := 0; i < n; {
		j := i + 1
		for j < n && words[j]>>16 == words[i]>>16 {
			j++
		}
		if j-i > 1 {
			s.sortTied(items[i:j], off+prefixBytes)
		}
		i = j
	}
}

// packed returns, per item, its key's bytes off..off+6 (zero-padded) in the
// top 48 bits of a word and its index in the low 16.
func (s *keySorter[T]) packed(items []T, off int) []uint64 {
	words := make([]uint64, len(items))
	for i := range items {
		var w [8]byte
		if k := s.key(&items[i]); off < len(k) {
			copy(w[:prefixBytes], k[off:])
		}
		words[i] = binary.BigEndian.Uint64(w[:]) | uint64(i)
	}
	return words
}

// permute reorders items as words lists them.
func (s *keySorter[T]) permute(items []T, words []uint64) {
	s.scratch = append(s.scratch[:0], items...)
	for i, w := range words {
		items[i] = s.scratch[w&0xffff]
	}
}

// sortTied orders a run whose keys agree on their first off bytes (as far
// as zero padding shows): on by the next bytes while some key is longer,
// by comparison once none is (keys differing only in length or trailing
// zeros).
func (s *keySorter[T]) sortTied(items []T, off int) {
	for i := range items {
		if len(s.key(&items[i])) > off {
			s.sort(items, off)
			return
		}
	}
	slices.SortFunc(items, s.compare)
}
