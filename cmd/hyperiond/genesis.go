package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/ethereum/go-ethereum/common"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
)

// ErrInvalidFund is returned for a malformed --fund ADDR=AMOUNT.
var ErrInvalidFund = errors.New("invalid --fund (want ADDR=AMOUNT)")

// devAccountBalance is what `init --dev` gives each dev account: 10,000 tokens.
var devAccountBalance = new(big.Int).Mul(big.NewInt(10_000), new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil))

// genesisOptions are the inputs of a genesis.
type genesisOptions struct {
	ChainID     uint64
	Dev         bool
	Funds       []string // ADDR=AMOUNT, amount as parseTokenAmount
	Validators  []cmttypes.GenesisValidator
	GenesisTime time.Time
}

// cometChainID is CometBFT's chain id for an EVM chain id.
// maxBlockBytes is CometBFT's block.max_bytes in generated genesis files:
// below what one calldata batch carries (batch.Params.MaxBlockBytes, about
// 111,800 bytes: L1 nodes refuse transactions over 128 KiB), so every block
// can be posted on either medium.
const maxBlockBytes = 110_000

func cometChainID(evmChainID uint64) string { return fmt.Sprintf("hyperion-%d", evmChainID) }

// buildGenesis builds and validates the CometBFT genesis document.
func buildGenesis(opts genesisOptions) (*cmttypes.GenesisDoc, error) {
	state, err := buildAppState(opts)
	if err != nil {
		return nil, err
	}
	appState, err := json.Marshal(state)
	if err != nil {
		return nil, err
	}
	params := cmttypes.DefaultConsensusParams()
	params.Block.MaxGas = int64(state.BlockGasLimit)
	// Every block must fit one rollup batch on its own (calldata: 128 KiB
	// less framing), so a batch can always be cut and posted.
	params.Block.MaxBytes = maxBlockBytes
	params.Evidence.MaxBytes = maxBlockBytes / 4 // must not exceed the block
	params.ABCI.VoteExtensionsEnableHeight = 1
	doc := &cmttypes.GenesisDoc{
		GenesisTime:     opts.GenesisTime.UTC(),
		ChainID:         cometChainID(state.ChainID),
		InitialHeight:   1,
		ConsensusParams: params,
		Validators:      opts.Validators,
		AppState:        appState,
	}
	if err := doc.ValidateAndComplete(); err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	return doc, nil
}

// buildAppState builds the application genesis: dev accounts and --fund entries.
func buildAppState(opts genesisOptions) (app.GenesisState, error) {
	state := app.DefaultGenesisState(opts.ChainID)
	if opts.Dev {
		accs, err := devkeys.DevAccounts(devkeys.DevAccountCount)
		if err != nil {
			return state, err
		}
		for _, a := range accs {
			state.Alloc[a.Address] = app.GenesisAccount{Balance: devAccountBalance.String()}
		}
		if state.Staking, err = devStakingGenesis(opts.Validators, accs); err != nil {
			return state, err
		}
	}
	for _, f := range opts.Funds {
		addr, amount, err := parseFund(f)
		if err != nil {
			return state, err
		}
		if _, dup := state.Alloc[addr]; dup {
			return state, fmt.Errorf("%w: %s is funded twice", ErrInvalidFund, addr)
		}
		state.Alloc[addr] = app.GenesisAccount{Balance: amount.String()}
	}
	return state, state.Validate()
}

// parseFund parses ADDR=AMOUNT (AMOUNT in tokens, or with the suffix wei).
func parseFund(s string) (common.Address, *big.Int, error) {
	addrText, amountText, ok := strings.Cut(s, "=")
	if !ok || !common.IsHexAddress(addrText) {
		return common.Address{}, nil, fmt.Errorf("%w: %q", ErrInvalidFund, s)
	}
	amount, err := parseTokenAmount(amountText)
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("%w: %q: %v", ErrInvalidFund, s, err)
	}
	return common.HexToAddress(addrText), amount, nil
}

// resolveChainID applies --dev and --chain-id: --dev means 31337, and
// --chain-id is required otherwise.
func resolveChainID(dev bool, chainID uint64, chainIDSet bool) (uint64, error) {
	switch {
	case dev && chainIDSet && chainID != app.DevChainID:
		return 0, fmt.Errorf("--dev uses chain id %d; drop --chain-id %d", app.DevChainID, chainID)
	case dev:
		return app.DevChainID, nil
	case !chainIDSet || chainID == 0:
		return 0, errors.New("--chain-id is required without --dev")
	default:
		return chainID, nil
	}
}
