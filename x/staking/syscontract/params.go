package syscontract

import "github.com/holiman/uint256"

// ClampUint64 returns w as a uint64, or the largest uint64 when w does not
// fit (so that parameter validation rejects it).
func ClampUint64(w *uint256.Int) uint64 {
	if !w.IsUint64() {
		return ^uint64(0)
	}
	return w.Uint64()
}

// SetParamWord sets the word of key to a copy of value in words, the
// parameter words in the order of keys; it reports whether key is known.
func SetParamWord(keys []string, words []*uint256.Int, key string, value *uint256.Int) bool {
	for i, k := range keys {
		if k == key {
			words[i] = new(uint256.Int).Set(value)
			return true
		}
	}
	return false
}
