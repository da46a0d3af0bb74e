package txpool

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	gethpool "github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
)

// acceptedTypes is the bitmap of transaction types the pool takes: legacy,
// EIP-2930, EIP-1559 and EIP-7702. Blob transactions (type 3) have no place on
// the rollup and every unknown type is refused.
const acceptedTypes = 1<<types.LegacyTxType | 1<<types.AccessListTxType |
	1<<types.DynamicFeeTxType | 1<<types.SetCodeTxType

// DecodeTx decodes a transaction in its canonical (EIP-2718) binary form,
// refusing input above maxSize bytes before decoding it. Unknown types fail
// with ErrTxTypeNotSupported.
func DecodeTx(raw []byte, maxSize uint64) (*types.Transaction, error) {
	if uint64(len(raw)) > maxSize {
		return nil, fmt.Errorf("%w: transaction size %v, limit %v", ErrOversizedData, len(raw), maxSize)
	}
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return nil, err
	}
	return tx, nil
}

// validateStateless runs go-ethereum's consensus and pool sanity checks that
// need no state (type, size, fork rules, EIP-7825 gas cap, block gas limit,
// fee sanity, signature and chain id, intrinsic gas and the EIP-7623 floor)
// and returns the sender.
func (p *Pool) validateStateless(tx *types.Transaction, head Head) (common.Address, error) {
	opts := &gethpool.ValidationOptions{
		Config:  p.chain,
		Accept:  acceptedTypes,
		MaxSize: p.cfg.MaxTxSize,
		MinTip:  new(big.Int),
	}
	if err := gethpool.ValidateTransaction(tx, headerOf(head), p.signer, opts); err != nil {
		if errors.Is(err, ErrFloorDataGas) {
			// The EIP-7623 floor is part of the intrinsic cost a tx must cover.
			return common.Address{}, fmt.Errorf("%w: %w", ErrIntrinsicGas, err)
		}
		return common.Address{}, err
	}
	return types.Sender(p.signer, tx) // cached by ValidateTransaction
}

// headerOf is the post-merge header go-ethereum's validation reads rules and
// limits from.
func headerOf(head Head) *types.Header {
	return &types.Header{
		Number:     new(big.Int).SetUint64(head.Number),
		Time:       head.Time,
		Difficulty: new(big.Int),
		GasLimit:   head.GasLimit,
		BaseFee:    head.BaseFee,
	}
}

// checkHead repeats, under the pool lock, the checks that depend on the head:
// it may have moved since validateStateless read it. A fee cap below the base
// fee of the block being built is refused (see the package doc).
func checkHead(e *entry, head Head, baseFee *uint256.Int) error {
	if e.gas > head.GasLimit {
		return ErrGasLimit
	}
	if e.feeCap.Lt(baseFee) {
		return fmt.Errorf("%w: address %v, maxFeePerGas: %s, baseFee: %s",
			ErrFeeCapTooLow, e.sender.Hex(), e.feeCap.Dec(), baseFee.Dec())
	}
	return nil
}

// checkNonce refuses a nonce the sender has already used.
func checkNonce(a *account, e *entry) error {
	if e.nonce < a.nonce {
		return fmt.Errorf("%w: next nonce %v, tx nonce %v", ErrNonceTooLow, a.nonce, e.nonce)
	}
	return nil
}

// checkFunds makes sure the sender can pay for every pooled transaction of
// its own plus e, with old (when not nil) being the transaction e replaces.
func checkFunds(a *account, e, old *entry) error {
	if a.balance.Lt(&e.cost) {
		return fmt.Errorf("%w: balance %v, tx cost %v, overshot %v", ErrInsufficientFunds,
			a.balance.Dec(), e.cost.Dec(), new(uint256.Int).Sub(&e.cost, &a.balance).Dec())
	}
	need := new(uint256.Int).Set(&a.spent)
	if old != nil {
		need.Sub(need, &old.cost)
	}
	if _, overflow := need.AddOverflow(need, &e.cost); overflow || a.balance.Lt(need) {
		return fmt.Errorf("%w: balance %v, queued cost %v, tx cost %v", ErrInsufficientFunds,
			a.balance.Dec(), a.spent.Dec(), e.cost.Dec())
	}
	return nil
}

// checkReplacement requires both the fee cap and the tip of e to exceed old's
// and to reach old × (100+bump) / 100.
func checkReplacement(old, e *entry, bump uint64) error {
	if !bumped(&old.feeCap, &e.feeCap, bump) || !bumped(&old.tipCap, &e.tipCap, bump) {
		return fmt.Errorf("%w: new tx fee cap %s tip %s, old fee cap %s tip %s, bump %d%%",
			ErrReplaceUnderpriced, e.feeCap.Dec(), e.tipCap.Dec(), old.feeCap.Dec(), old.tipCap.Dec(), bump)
	}
	return nil
}

// bumped reports whether next > prev and next ≥ prev × (100+bump) / 100,
// computed without overflow.
func bumped(prev, next *uint256.Int, bump uint64) bool {
	if !next.Gt(prev) {
		return false
	}
	var threshold big.Int
	threshold.Mul(prev.ToBig(), new(big.Int).SetUint64(100+bump))
	threshold.Quo(&threshold, big.NewInt(100))
	return next.ToBig().Cmp(&threshold) >= 0
}
