package abci

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/core/types"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
	"github.com/hyperion-rollup/hyperion/x/system"
)

// laneID orders the lanes of a block (DESIGN.md §3). A block lists its txs
// lane by lane in this order; ProcessProposal rejects any other order.
type laneID int

// The lanes, in block order. Lanes without a feature behind them yet accept
// no transactions.
const (
	laneSystem    laneID = iota // commit-info tx, then validator-signed system txs
	laneDecrypted               // inner txs of envelopes whose keys are complete
	lanePlaintext               // Ethereum txs by effective tip, ties by hash, nonce order per sender
	laneAuction                 // the winning builder bundle
	laneEnvelopes               // new threshold-encrypted envelopes
)

var laneNames = [...]string{"system", "decrypted", "plaintext", "auction", "envelopes"}

func (l laneID) String() string { return laneNames[l] }

// Errors of proposal verification.
var (
	ErrLaneOrder         = errors.New("proposal: transactions out of lane order")
	ErrUnknownBody       = errors.New("proposal: transaction with no known body")
	ErrMissingCommitInfo = errors.New("proposal: missing commit-info transaction")
	ErrMisplacedCommit   = errors.New("proposal: commit-info transaction must be the first transaction")
	ErrTxTooLarge        = errors.New("proposal: transaction too large")
	errBlockFull         = errors.New("proposal: block byte limit reached")
)

// MaxTxBytes bounds one CometBFT transaction (an Ethereum tx is at most
// 128 KiB in the pool; a commit-info tx holds the whole set's extensions).
const MaxTxBytes = 4 << 20

// laneOf classifies a decoded envelope.
func laneOf(tx *htypes.Tx) (laneID, error) {
	switch tx.Body.(type) {
	case *htypes.Tx_System:
		return laneSystem, nil
	case *htypes.Tx_EthTx:
		return lanePlaintext, nil
	case *htypes.Tx_Revealed:
		return laneDecrypted, nil
	case *htypes.Tx_Encrypted:
		return laneEnvelopes, nil
	default:
		return 0, ErrUnknownBody
	}
}

// item is one CometBFT transaction of a block, decoded once.
type item struct {
	raw []byte
	env *htypes.Tx
	eth *types.Transaction // the Ethereum tx of an eth_tx envelope
}

// decodeItem decodes an envelope and, for eth_tx, its Ethereum transaction.
func decodeItem(raw []byte) (item, error) {
	env, err := decodeEnvelope(raw)
	if err != nil {
		return item{}, err
	}
	it := item{raw: raw, env: env}
	if body := env.GetEthTx(); body != nil {
		if it.eth, err = decodeEthTx(body); err != nil {
			return item{}, err
		}
	}
	return it, nil
}

// ethItem wraps a pool transaction (its sender already cached) for a proposal.
func ethItem(tx *types.Transaction) (item, error) {
	bz, err := tx.MarshalBinary()
	if err != nil {
		return item{}, err
	}
	env := &htypes.Tx{Body: &htypes.Tx_EthTx{EthTx: bz}}
	raw, err := env.Marshal()
	if err != nil {
		return item{}, err
	}
	return item{raw: raw, env: env, eth: tx}, nil
}

// decodeEnvelope decodes a CometBFT transaction with a size bound.
func decodeEnvelope(raw []byte) (*htypes.Tx, error) {
	if len(raw) > MaxTxBytes {
		return nil, fmt.Errorf("%w: %d bytes", ErrTxTooLarge, len(raw))
	}
	var tx htypes.Tx
	if err := tx.Unmarshal(raw); err != nil {
		return nil, fmt.Errorf("decode transaction envelope: %w", err)
	}
	if tx.Body == nil {
		return nil, ErrUnknownBody
	}
	return &tx, nil
}

// ethEnvelope wraps an Ethereum transaction for CometBFT.
func ethEnvelope(tx *types.Transaction) ([]byte, error) {
	bz, err := tx.MarshalBinary()
	if err != nil {
		return nil, err
	}
	env := htypes.Tx{Body: &htypes.Tx_EthTx{EthTx: bz}}
	return env.Marshal()
}

// decodeEthTx decodes the EIP-2718 body of an eth_tx envelope.
func decodeEthTx(bz []byte) (*types.Transaction, error) {
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(bz); err != nil {
		return nil, fmt.Errorf("decode ethereum transaction: %w", err)
	}
	return tx, nil
}

// commitInfoEnvelope wraps a commit-info body for CometBFT.
func commitInfoEnvelope(ci *htypes.CommitInfo) ([]byte, error) {
	env := htypes.Tx{Body: &htypes.Tx_System{System: &htypes.SystemTx{
		Body: &htypes.SystemTx_CommitInfo{CommitInfo: ci},
	}}}
	return env.Marshal()
}

// applySystem is the system lane's rule for one tx, shared by every mode.
func (p *proposal) applySystem(env *htypes.Tx) error {
	sys := env.GetSystem()
	ci := sys.GetCommitInfo()
	if ci == nil {
		return fmt.Errorf("%w: empty system transaction", ErrUnknownBody)
	}
	if len(p.txs) != 0 || p.sawCommitInfo {
		return ErrMisplacedCommit
	}
	if !p.app.chain.params.CommitInfoRequired(p.height) {
		return fmt.Errorf("%w: none expected at height %d", ErrMisplacedCommit, p.height)
	}
	chain := &p.app.chain
	if err := system.VerifyCommitInfo(chain.chainID, p.height, ci, chain.sets.At(p.height-1)); err != nil {
		return err
	}
	p.sawCommitInfo = true
	return p.onCommitInfo(ci)
}

// applyPlaintext is the plaintext lane's rule for one tx, shared by every mode.
func (p *proposal) applyPlaintext(tx *types.Transaction) error {
	if p.parallel {
		p.deferred = append(p.deferred, tx) // executed by executeDeferred
		p.plaintext = append(p.plaintext, tx)
		return nil
	}
	if _, err := p.builder.ApplyTx(tx); err != nil {
		return err
	}
	p.plaintext = append(p.plaintext, tx)
	return nil
}
