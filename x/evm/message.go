package evm

import (
	"math/big"

	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
)

// messageFields is a message with its fee and value words in one
// allocation.
type messageFields struct {
	msg                       core.Message
	price, feeCap, tip, value uint256.Int
}

// messageOf returns what core.TransactionToMessage(tx, signer, baseFee)
// returns, field for field, with half its allocations: the fee and value words
// share the message's allocation, and the gas price is the fee cap the
// transaction already carries (every type's gas price is its fee cap).
// Blob transactions (whose message carries blob fields), fields past 256
// bits and a missing base fee go to core.TransactionToMessage, for its
// fields, errors and rules.
func messageOf(tx *types.Transaction, signer types.Signer, baseFee *big.Int) (*core.Message, error) {
	feeCap, tip, value := tx.GasFeeCap(), tx.GasTipCap(), tx.Value()
	if tx.Type() == types.BlobTxType || baseFee == nil ||
		feeCap.BitLen() > 256 || tip.BitLen() > 256 || value.BitLen() > 256 || baseFee.BitLen() > 256 {
		return core.TransactionToMessage(tx, signer, baseFee)
	}
	from, err := types.Sender(signer, tx)
	if err != nil {
		return nil, err
	}
	m := new(messageFields)
	m.feeCap.SetFromBig(feeCap)
	m.tip.SetFromBig(tip)
	m.value.SetFromBig(value)
	var base uint256.Int
	base.SetFromBig(baseFee)
	// The effective gas price, min(baseFee + tip, feeCap): a sum past 2^256
	// is above any fee cap.
	if _, overflow := m.price.AddOverflow(&base, &m.tip); overflow || m.price.Gt(&m.feeCap) {
		m.price = m.feeCap
	}
	m.msg = core.Message{
		From: from, Nonce: tx.Nonce(), GasLimit: tx.Gas(), To: tx.To(), Data: tx.Data(),
		GasPrice: &m.price, GasFeeCap: &m.feeCap, GasTipCap: &m.tip, Value: &m.value,
		AccessList: tx.AccessList(), SetCodeAuthorizations: tx.SetCodeAuthorizations(),
	}
	return &m.msg, nil
}
