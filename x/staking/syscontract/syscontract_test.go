package syscontract

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/evm"
	"github.com/hyperion-rollup/hyperion/x/staking/solstore"
)

const testABI = `[
 {"type":"function","name":"ping","inputs":[{"name":"n","type":"uint64"}],"outputs":[],"stateMutability":"payable"},
 {"type":"event","name":"Pinged","inputs":[{"name":"n","type":"uint64","indexed":false}],"anonymous":false},
 {"type":"event","name":"RequestRejected","inputs":[{"name":"sender","type":"address","indexed":true},
  {"name":"selector","type":"bytes4","indexed":false},{"name":"reason","type":"string","indexed":false}],"anonymous":false}]`

type emptyReader struct{}

func (emptyReader) Get([]byte) ([]byte, error) { return nil, nil }

var (
	addr   = common.HexToAddress("0x0000000000000000000000000000000000000899")
	sender = common.HexToAddress("0x1111111111111111111111111111111111111111")
	slot   = common.HexToHash("0x01")
)

// TestApplyRevertsAndRefunds: a request that fails is undone (state and
// logs), refunded and answered with RequestRejected; a good one is kept.
func TestApplyRevertsAndRefunds(t *testing.T) {
	c := Contract{Addr: addr, ABI: MustABI("test", testABI)}
	db := evm.NewStateDB(emptyReader{})
	db.AddBalance(addr, uint256.NewInt(10), tracing.BalanceChangeUnspecified)
	good, err := c.ABI.Pack("ping", uint64(1))
	require.NoError(t, err)
	bad, err := c.ABI.Pack("ping", uint64(2))
	require.NoError(t, err)
	reqs := []solstore.Request{
		{Sender: sender, ID: 1, Value: uint256.NewInt(3), Data: good},
		{Sender: sender, ID: 2, Value: uint256.NewInt(4), Data: bad},
		{Sender: sender, ID: 3, Value: uint256.NewInt(0), Data: []byte{1, 2}},
	}
	var logs []*types.Log
	c.Apply(db, &logs, reqs, func(_ solstore.Request, method string, args []any) error {
		require.Equal(t, "ping", method)
		db.SetState(addr, slot, solstore.Slot(args[0].(uint64)))
		logs = append(logs, c.Log("Pinged", args[0]))
		if args[0].(uint64) == 2 {
			return errors.New("two")
		}
		return nil
	})
	require.Len(t, logs, 3)
	require.Equal(t, c.ABI.Events["Pinged"].ID, logs[0].Topics[0])
	require.Equal(t, c.ABI.Events["RequestRejected"].ID, logs[1].Topics[0])
	out, err := c.ABI.Events["RequestRejected"].Inputs.NonIndexed().Unpack(logs[1].Data)
	require.NoError(t, err)
	require.Equal(t, [4]byte(bad[:4]), out[0])
	require.Equal(t, "two", out[1])
	out, err = c.ABI.Events["RequestRejected"].Inputs.NonIndexed().Unpack(logs[2].Data)
	require.NoError(t, err)
	require.Equal(t, ErrBadRequest.Error(), out[1])
	require.Equal(t, uint256.NewInt(4), db.GetBalance(sender), "only the failed request's value is refunded")
	require.Equal(t, uint256.NewInt(6), db.GetBalance(addr))
	require.Equal(t, solstore.Slot(1), db.GetState(addr, slot), "the failed request's write is reverted")
}

func TestClampAndSetParamWord(t *testing.T) {
	require.Equal(t, uint64(7), ClampUint64(uint256.NewInt(7)))
	require.Equal(t, ^uint64(0), ClampUint64(new(uint256.Int).Lsh(uint256.NewInt(1), 64)))
	w := []*uint256.Int{uint256.NewInt(1), uint256.NewInt(2)}
	v := uint256.NewInt(9)
	require.True(t, SetParamWord([]string{"a", "b"}, w, "b", v))
	v.SetUint64(10)
	require.Equal(t, uint64(9), w[1].Uint64(), "value copied")
	require.False(t, SetParamWord([]string{"a", "b"}, w, "c", v))
}
