package batch

import (
	"crypto/ecdsa"
	"math/big"
	"math/rand"
	"testing"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	htypes "github.com/hyperion-rollup/hyperion/abci/types"
)

// txMix builds a realistic workload: per block a commit-info system tx (four 64-byte ed25519 signatures,
// incompressible) and user txs from a pool of senders, 70% native transfers, 20% ERC-20 transfers and 10%
// contract calls with 100-300 bytes of calldata, all EIP-1559 and signed.
type txMix struct {
	rng     *rand.Rand
	keys    []*ecdsa.PrivateKey
	nonces  []uint64
	tokens  []common.Address
	signer  types.Signer
	valAddr [][]byte
	// transfersOnly makes every user tx a plain ETH transfer.
	transfersOnly bool
}

func newTxMix(t testing.TB, senders int) *txMix {
	m := &txMix{rng: rand.New(rand.NewSource(1)), signer: types.LatestSignerForChainID(big.NewInt(31337))}
	for i := 0; i < senders; i++ {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		m.keys = append(m.keys, k)
		m.nonces = append(m.nonces, 0)
	}
	for i := 0; i < 8; i++ {
		m.tokens = append(m.tokens, common.BytesToAddress(crypto.Keccak256([]byte{byte(i)})))
	}
	for i := 0; i < 4; i++ {
		m.valAddr = append(m.valAddr, crypto.Keccak256([]byte{0xa, byte(i)})[:20])
	}
	return m
}

func (m *txMix) userTx(t testing.TB) []byte {
	i := m.rng.Intn(len(m.keys))
	to := common.BytesToAddress(crypto.Keccak256(big.NewInt(m.rng.Int63n(5000)).Bytes()))
	inner := &types.DynamicFeeTx{
		ChainID: big.NewInt(31337), Nonce: m.nonces[i], GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(2e9 + m.rng.Int63n(1e9)),
		Gas: 21000, To: &to, Value: big.NewInt(m.rng.Int63n(1e18)),
	}
	switch r := m.rng.Intn(10); {
	case r < 7 || m.transfersOnly:
	case r < 9:
		tok := m.tokens[m.rng.Intn(len(m.tokens))]
		inner.To, inner.Value, inner.Gas = &tok, new(big.Int), 65000
		inner.Data = append(append(common.FromHex("a9059cbb"), common.LeftPadBytes(to[:], 32)...), common.LeftPadBytes(big.NewInt(m.rng.Int63()).Bytes(), 32)...)
	default:
		inner.Data = make([]byte, 100+m.rng.Intn(200))
		m.rng.Read(inner.Data)
		inner.Gas = 200000
	}
	m.nonces[i]++
	tx, err := types.SignNewTx(m.keys[i], m.signer, inner)
	if err != nil {
		t.Fatal(err)
	}
	bz, _ := tx.MarshalBinary()
	env := &htypes.Tx{Body: &htypes.Tx_EthTx{EthTx: bz}}
	out, err := env.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (m *txMix) block(t testing.TB, height uint64, userTxs int) *Block {
	sys := make([]byte, 16+len(m.valAddr)*(20+64+8))
	m.rng.Read(sys)
	b := &Block{Height: height, Time: 1_700_000_000_000_000_000 + height*1_000_000_000 + uint64(m.rng.Intn(1e6)),
		Proposer: m.valAddr[height%4], Txs: [][]byte{sys}}
	for _, a := range m.valAddr {
		b.Votes = append(b.Votes, Vote{Address: a, Power: 100, Flag: uint8(cmtproto.BlockIDFlagCommit)})
	}
	for i := 0; i < userTxs; i++ {
		b.Txs = append(b.Txs, m.userTx(t))
	}
	return b
}

func (m *txMix) batch(t testing.TB, index, first uint64, blocks, txsPerBlock int) *Batch {
	b := &Batch{Index: index}
	for h := 0; h < blocks; h++ {
		b.Blocks = append(b.Blocks, m.block(t, first+uint64(h), txsPerBlock))
	}
	return b
}
