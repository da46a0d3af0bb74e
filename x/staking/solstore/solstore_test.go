package solstore

import (
	"bytes"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

type emptyReader struct{}

func (emptyReader) Get([]byte) ([]byte, error) { return nil, nil }

var contract = common.HexToAddress("0x0000000000000000000000000000000000000800")

func TestBytesShortLongAndClear(t *testing.T) {
	db := evm.NewStateDB(emptyReader{})
	s := New(db, contract)
	slot := Slot(7)
	long := bytes.Repeat([]byte{0xab}, 70)
	s.SetBytes(slot, long)
	got, err := s.Bytes(slot, 100)
	require.NoError(t, err)
	require.Equal(t, long, got)
	require.Equal(t, uint256.NewInt(141), s.Uint(slot), "long form: 2·len+1")
	_, err = s.Bytes(slot, 69)
	require.ErrorIs(t, err, ErrTooLong)
	s.SetBytes(slot, []byte("short"))
	got, err = s.Bytes(slot, 100)
	require.NoError(t, err)
	require.Equal(t, []byte("short"), got)
	for i := uint64(0); i < 3; i++ {
		require.Equal(t, common.Hash{}, s.Word(Offset(ArrayData(slot), i)), "old long words cleared")
	}
}

func TestPackedFields(t *testing.T) {
	s := New(evm.NewStateDB(emptyReader{}), contract)
	slot := Slot(1)
	s.SetAddr(slot, common.HexToAddress("0x1111111111111111111111111111111111111111"))
	s.SetField(slot, 20, 8, uint256.NewInt(42))
	require.Equal(t, uint64(42), s.Field(slot, 20, 8).Uint64())
	require.Equal(t, common.HexToAddress("0x1111111111111111111111111111111111111111"), s.Addr(slot), "neighbour kept")
	s.SetBool(slot, 28, true)
	require.True(t, s.Bool(slot, 28))
	require.Equal(t, uint64(42), s.Field(slot, 20, 8).Uint64())
}

func TestDrainQueueEmptiesStorage(t *testing.T) {
	db := evm.NewStateDB(emptyReader{})
	s := New(db, contract)
	q := Slot(0)
	for i := uint64(0); i < 2; i++ {
		base := Elem(q, i, requestWidth)
		s.SetAddr(base, common.HexToAddress("0x2222222222222222222222222222222222222222"))
		s.SetField(base, 20, 8, uint256.NewInt(i+1))
		s.SetUint(Offset(base, 1), uint256.NewInt(100*i))
		s.SetBytes(Offset(base, 2), bytes.Repeat([]byte{byte(i)}, 40))
	}
	s.SetLen(q, 2)
	reqs := s.DrainQueue(q, 64)
	require.Len(t, reqs, 2)
	require.Equal(t, uint64(2), reqs[1].ID)
	require.Equal(t, uint256.NewInt(100), reqs[1].Value)
	require.Equal(t, bytes.Repeat([]byte{1}, 40), reqs[1].Data)
	require.Zero(t, s.Len(q))
	for i := uint64(0); i < 2*requestWidth; i++ {
		require.Equal(t, common.Hash{}, s.Word(Offset(ArrayData(q), i)))
	}
	require.Equal(t, common.Hash{}, s.Word(ArrayData(Offset(Elem(q, 1, requestWidth), 2))), "bytes data cleared")
}

func TestUint64ArrayAndUints(t *testing.T) {
	s := New(evm.NewStateDB(emptyReader{}), contract)
	arr := Slot(9)
	s.SetUint64Array(arr, []uint64{5, 6, 7})
	require.Equal(t, []uint64{5, 6, 7}, s.Uint64Array(arr, 10))
	require.Equal(t, []uint64{5, 6}, s.Uint64Array(arr, 2))
	s.SetUint64Array(arr, []uint64{8})
	require.Equal(t, []uint64{8}, s.Uint64Array(arr, 10))
	require.Equal(t, common.Hash{}, s.Word(Elem(arr, 2, 1)), "tail cleared")
	s.SetUints(Slot(20), []*uint256.Int{uint256.NewInt(1), uint256.NewInt(2)})
	require.Equal(t, uint256.NewInt(2), s.Uint(Slot(21)))
	require.Equal(t, []*uint256.Int{uint256.NewInt(1), uint256.NewInt(2)}, s.Uints(Slot(20), 2))
}
