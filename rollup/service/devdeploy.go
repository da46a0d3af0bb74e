package service

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/hyperion-rollup/hyperion/rollup/bls"
	"github.com/hyperion-rollup/hyperion/rollup/contracts"
)

// Development deployment parameters.
var (
	// DevOutputBond is the output bond on development L1s: 0.1 ether.
	DevOutputBond = big.NewInt(1e17)
	// DevPosterFunds is what DevDeploy sends each validator's L1 posting address: 100 ether.
	DevPosterFunds = new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))
)

// DevChallengeWindow is the development challenge window in seconds.
const DevChallengeWindow = 60

// Addresses are the rollup contracts on L1.
type Addresses struct {
	Set, Inbox, Oracle common.Address
}

// DevAddresses are the contracts a fresh development L1 holds after DevDeploy by deployer: its first three
// creations, so every node of a devnet knows them without configuration.
func DevAddresses(deployer common.Address) Addresses {
	return Addresses{
		Set: crypto.CreateAddress(deployer, 0), Inbox: crypto.CreateAddress(deployer, 1), Oracle: crypto.CreateAddress(deployer, 2),
	}
}

// DevBackend is what DevDeploy needs from L1.
type DevBackend interface {
	bind.ContractBackend
	ChainID(ctx context.Context) (*big.Int, error)
}

// DevDeploy deploys the rollup contracts on a fresh development L1 with the genesis validators' BLS keys,
// and funds every validator's L1 posting address. Run again on an L1 that already holds the contracts it
// changes nothing.
func DevDeploy(ctx context.Context, l1 DevBackend, deployer *ecdsa.PrivateKey, validators []NodeKeys) (Addresses, error) {
	from := crypto.PubkeyToAddress(deployer.PublicKey)
	addrs := DevAddresses(from)
	code, err := l1.CodeAt(ctx, addrs.Oracle, nil)
	if err != nil {
		return addrs, err
	}
	if len(code) > 0 {
		return addrs, nil
	}
	chainID, err := l1.ChainID(ctx)
	if err != nil {
		return addrs, err
	}
	keys, proofs, err := genesisSet(validators)
	if err != nil {
		return addrs, err
	}
	opts := bind.NewKeyedTransactor(deployer, chainID)
	opts.Context = ctx
	opts.Nonce = new(big.Int)
	if _, err := contracts.Deploy(opts, l1, contracts.DeployConfig{
		GenesisKeys: keys, GenesisProofs: proofs, Challenger: from, OutputBond: DevOutputBond, ChallengeWindow: DevChallengeWindow,
	}); err != nil {
		return addrs, err
	}
	return addrs, fund(ctx, l1, deployer, chainID, validators)
}

// genesisSet returns the validators' keys sorted as the contract wants and their proofs of possession.
func genesisSet(validators []NodeKeys) ([]byte, []byte, error) {
	pubs := make([]*bls.PublicKey, len(validators))
	for i, v := range validators {
		pubs[i] = v.BLS.PublicKey()
	}
	sorted, err := contracts.SortKeys(pubs)
	if err != nil {
		return nil, nil, err
	}
	proofs := make([]*bls.Signature, len(sorted))
	for i, k := range sorted {
		for _, v := range validators {
			if v.BLS.PublicKey().Equal(k) {
				if proofs[i], err = v.BLS.ProvePossession(); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	return contracts.ConcatKeys(sorted), contracts.ConcatSignatures(proofs), nil
}

func fund(ctx context.Context, l1 DevBackend, deployer *ecdsa.PrivateKey, chainID *big.Int, validators []NodeKeys) error {
	tip, err := l1.SuggestGasTipCap(ctx)
	if err != nil {
		return err
	}
	head, err := l1.HeaderByNumber(ctx, nil)
	if err != nil {
		return err
	}
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	for i, v := range validators {
		to := crypto.PubkeyToAddress(v.L1.PublicKey)
		tx := types.MustSignNewTx(deployer, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
			ChainID: chainID, Nonce: uint64(3 + i), GasTipCap: tip, GasFeeCap: feeCap, Gas: 21_000, To: &to, Value: DevPosterFunds,
		})
		if err := l1.SendTransaction(ctx, tx); err != nil {
			return fmt.Errorf("fund validator %d: %w", i, err)
		}
	}
	return nil
}
