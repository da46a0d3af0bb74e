package batch

import "fmt"

// Integer fields (fees and value) travel as one length byte per value in a column per field, and their
// bytes transposed by rank, counted from the most significant byte: colIntTop holds every value's top
// byte, colIntRest the bytes of rank 1, then rank 2, and so on; within a rank, field by field, values in
// transaction order. Bytes of like weight then sit together: top bytes of amounts of like size are few
// distinct values (they sit with the other small, skewed columns, so the entropy coder's tables see them
// apart from random bytes), and constant fields form long runs.

// intFields are the integer fields of the length columns, in column order.
var intFields = [...]txField{fTip, fFeeCap, fBlobFeeCap, fValue}

// intSlot is the index of integer field f in intFields.
func intSlot(f txField) int {
	for i, g := range intFields {
		if g == f {
			return i
		}
	}
	panic(fmt.Sprintf("batch: field %d is not a ranked integer", f))
}

// intValues are the values of each integer field, minimal big-endian, at most maxIntBytes each.
type intValues [len(intFields)][][]byte

// appendRanks writes the values into the length columns, the top column and the rest column.
func (iv *intValues) appendRanks(lens *[len(intFields)][]byte, top, rest []byte) ([]byte, []byte) {
	longest := 0
	for i, vals := range iv {
		for _, v := range vals {
			lens[i] = append(lens[i], byte(len(v)))
			longest = max(longest, len(v))
		}
	}
	for k := 0; k < longest; k++ {
		for _, vals := range iv {
			for _, v := range vals {
				if len(v) <= k {
					continue
				}
				if k == 0 {
					top = append(top, v[0])
				} else {
					rest = append(rest, v[k])
				}
			}
		}
	}
	return top, rest
}

// splitRanks inverts appendRanks: every length at most maxIntBytes, the rank columns exactly the values'
// bytes, every value minimal.
func splitRanks(lens [len(intFields)][]byte, top, rest []byte) (iv intValues, err error) {
	total, tops, longest := 0, 0, 0
	for _, ls := range lens {
		for _, n := range ls {
			if n > maxIntBytes {
				return iv, fmt.Errorf("%w: %d-byte integer", ErrBadContent, n)
			}
			total += int(n)
			tops += min(int(n), 1)
			longest = max(longest, int(n))
		}
	}
	if tops != len(top) || total-tops != len(rest) {
		return iv, fmt.Errorf("%w: integer columns of %d+%d bytes for %d value bytes", ErrBadContent, len(top), len(rest), total)
	}
	flat := make([]byte, total)
	for i, ls := range lens {
		iv[i] = make([][]byte, len(ls))
		for j, n := range ls {
			iv[i][j], flat = flat[:n:n], flat[n:]
		}
	}
	iv.fill(longest, top, rest)
	for _, vals := range iv {
		for _, v := range vals {
			if len(v) > 0 && v[0] == 0 {
				return iv, fmt.Errorf("%w: integer with a leading zero", ErrBadContent)
			}
		}
	}
	return iv, nil
}

// fill copies the rank columns into values of known lengths.
func (iv *intValues) fill(longest int, top, rest []byte) {
	for k := 0; k < longest; k++ {
		src := &rest
		if k == 0 {
			src = &top
		}
		for _, vals := range iv {
			for _, v := range vals {
				if len(v) > k {
					v[k] = (*src)[0]
					*src = (*src)[1:]
				}
			}
		}
	}
}
