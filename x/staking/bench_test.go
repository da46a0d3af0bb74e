package staking

import (
	"encoding/binary"
	"fmt"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/holiman/uint256"

	"github.com/hyperion-rollup/hyperion/x/evm"
)

// benchState bonds nVals validators and spreads nDels delegations over them,
// directly through the keeper on an in-memory state.
func benchState(b *testing.B, nVals, nDels int) (*evm.StateDB, []common.Address, abcitypes.CommitInfo) {
	db := evm.NewStateDB(emptyReader{})
	k := NewKeeper(db, 0, 0)
	p := DefaultParams()
	p.MaxValidators = uint64(nVals)
	if err := k.SetParams(p); err != nil {
		b.Fatal(err)
	}
	k.st.SetUint64(paramSlot(paramValidatorPower), 10)
	ops := make([]common.Address, nVals)
	var commit abcitypes.CommitInfo
	for i := range ops {
		ops[i] = addrOf("op", i)
		cons := ed25519.GenPrivKeyFromSecret([]byte(ops[i].Hex())).PubKey()
		k.register(Validator{Operator: ops[i], ConsensusPubKey: cons.Bytes(), Tokens: new(uint256.Int),
			Shares: new(uint256.Int), CommissionBps: 500}, nil)
		bondFunded(b, k, db, ops[i], ops[i], tokens(uint64(100+i)))
		commit.Votes = append(commit.Votes, abcitypes.VoteInfo{Validator: abcitypes.Validator{Address: cons.Address(), Power: 10},
			BlockIdFlag: cmtproto.BlockIDFlagCommit})
	}
	for i := 0; i < nDels; i++ {
		bondFunded(b, k, db, addrOf("del", i), ops[i%nVals], tokens(1))
	}
	k.setActive(nil, k.snapshot())
	k.st.SetAddressArray(slotNextSet, k.snapshot())
	return db, ops, commit
}

func addrOf(kind string, i int) common.Address {
	var a common.Address
	copy(a[:], kind)
	binary.BigEndian.PutUint64(a[12:], uint64(i))
	return a
}

func bondFunded(b *testing.B, k *Keeper, db *evm.StateDB, del, op common.Address, amount *uint256.Int) {
	db.AddBalance(StakingAddress, amount, tracing.BalanceChangeUnspecified)
	if err := k.bond(del, op, amount); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEndBlock is the per-block cost (requests, liveness, fee
// distribution, maturity, no boundary) with 100 validators: flat in the
// number of delegations.
func BenchmarkEndBlock(b *testing.B) {
	for _, nDels := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("delegations=%d", nDels), func(b *testing.B) {
			if testing.Short() && nDels > 10_000 {
				b.Skip("large setup")
			}
			db, _, commit := benchState(b, 100, nDels)
			h := int64(1)
			b.ResetTimer()
			for b.Loop() {
				db.AddBalance(FeeVault, uint256.NewInt(21_000_000_000_000), tracing.BalanceChangeUnspecified)
				k := NewKeeper(db, h, uint64(h))
				k.ApplyRequests()
				k.HandleLiveness(commit)
				k.DistributeFees()
				k.MatureUnbondings()
				if h%20 == 0 {
					h++ // skip epoch boundaries: BenchmarkEpochTransition measures them
				}
				k.EndEpoch()
				h++
			}
		})
	}
}

// BenchmarkEpochTransition measures one boundary with 100 validators (set
// rotation, new snapshot, updates).
func BenchmarkEpochTransition(b *testing.B) {
	db, _, _ := benchState(b, 100, 1_000)
	b.ResetTimer()
	for i := 1; b.Loop(); i++ {
		k := NewKeeper(db, int64(i*20), uint64(i))
		k.EndEpoch()
	}
}

func TestEpochTransitionUnder50ms(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	res := testing.Benchmark(BenchmarkEpochTransition)
	per := time.Duration(res.NsPerOp())
	t.Logf("epoch transition with 100 validators: %v", per)
	if per > 50*time.Millisecond {
		t.Fatalf("epoch transition took %v, want < 50ms", per)
	}
}
