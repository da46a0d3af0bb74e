package testutil

import (
	"context"
	"crypto/ecdsa"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
)

// CounterInitCode deploys a contract whose every call increments slot 0 and
// logs the new value (LOG0 of 32 bytes).
//
//	init:    PUSH1 19 DUP1 PUSH1 11 PUSH1 0 CODECOPY PUSH1 0 RETURN
//	runtime: PUSH1 0 SLOAD PUSH1 1 ADD DUP1 PUSH1 0 SSTORE PUSH1 0 MSTORE
//	         PUSH1 32 PUSH1 0 LOG0 STOP
var CounterInitCode = common.FromHex("0x601380600b6000396000f3" + "6000546001018060005560005260206000a000")

// Sender signs EIP-1559 transactions for one key with a local nonce.
type Sender struct {
	Key     *ecdsa.PrivateKey
	Address common.Address
	Nonce   uint64
	ChainID *big.Int
}

// NewSender returns a sender starting at nonce.
func NewSender(key *ecdsa.PrivateKey, chainID *big.Int, nonce uint64) *Sender {
	return &Sender{Key: key, Address: crypto.PubkeyToAddress(key.PublicKey), Nonce: nonce, ChainID: chainID}
}

// Tx signs the next transaction (to nil deploys data) and advances the nonce.
func (s *Sender) Tx(to *common.Address, value *big.Int, gas uint64, data []byte, feeCap, tip *big.Int) *types.Transaction {
	tx := types.MustSignNewTx(s.Key, types.LatestSignerForChainID(s.ChainID), &types.DynamicFeeTx{
		ChainID: s.ChainID, Nonce: s.Nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: gas, To: to, Value: value, Data: data,
	})
	s.Nonce++
	return tx
}

// Fees returns a fee cap and tip that stay valid for a few blocks: twice the
// latest base fee plus a 1 gwei tip.
func Fees(ctx context.Context, c *ethclient.Client) (feeCap, tip *big.Int, err error) {
	head, err := c.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	tip = big.NewInt(1_000_000_000)
	feeCap = new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip)
	return feeCap, tip, nil
}
