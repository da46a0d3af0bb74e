package evm

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

// TestWorkerBaseCacheCollisions reads accounts that share a slot of the
// worker's base cache, and a missing one, alternately: every read must
// return the account's own record, the same one the shared cache holds.
func TestWorkerBaseCacheCollisions(t *testing.T) {
	st := newMemStore()
	var addrs []common.Address
	for i := range 4 {
		var a common.Address
		a[19] = byte(i * workerBaseSlots / 2) // slots 0, 64, 0, 64: pairs collide
		a[5] = byte(i + 1)
		addrs = append(addrs, a)
		if i < 3 { // the last one is missing
			acct := Account{Nonce: uint64(i + 1), Balance: *uint256.NewInt(uint64(100 * (i + 1)))}
			st.kv[string(AccountKey(a))] = encodeAccount(&acct)
		}
	}
	base := newBaseState(st, nil, 8)
	defer base.release()
	tv := &txView{base: base}
	for round := range 3 {
		for i, a := range addrs {
			got, err := tv.baseAccount(a)
			require.NoError(t, err)
			want, err := base.account(a)
			require.NoError(t, err)
			require.Same(t, want, got, "round %d addr %d", round, i)
			require.Equal(t, i < 3, got.exists)
			if i < 3 {
				require.Equal(t, uint64(i+1), got.acct.Nonce)
			}
		}
	}
}
