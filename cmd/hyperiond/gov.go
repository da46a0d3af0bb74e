package main

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"

	"github.com/hyperion-rollup/hyperion/x/gov"
)

// Governance CLI errors.
var (
	ErrProposalKind = errors.New("--kind must be text, param-change or spend")
	ErrParamFlag    = errors.New("--param must be MODULE/KEY=UINT (e.g. evm/block_gas_limit=40000000)")
	ErrVoteOption   = errors.New("option must be yes, no, abstain or veto")
)

// voteOptions maps the CLI words to IGov's options.
var voteOptions = map[string]uint8{"yes": 1, "no": 2, "abstain": 3, "veto": 4}

func newTxGovCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "gov", Short: "Governance transactions to the gov contract (0x…0801)"}
	cmd.AddCommand(newSubmitProposalCmd(), newGovDepositCmd(), newGovVoteCmd())
	return cmd
}

// proposalFlags are the flags of submit-proposal.
type proposalFlags struct {
	kind, description, to, amount string
	params                        []string
}

// payload encodes the proposal's kind and payload from the flags.
func (f proposalFlags) payload() (uint8, []byte, error) {
	switch f.kind {
	case "text":
		return gov.KindText, nil, nil
	case "param-change":
		var changes []gov.ParamChange
		for _, p := range f.params {
			name, value, ok := strings.Cut(p, "=")
			module, key, ok2 := strings.Cut(name, "/")
			v, err := strconv.ParseUint(value, 10, 64)
			if !ok || !ok2 || err != nil {
				return 0, nil, fmt.Errorf("%w: %q", ErrParamFlag, p)
			}
			changes = append(changes, gov.ParamChange{Module: module, Key: key, Value: gov.EncodeUint(v)})
		}
		payload, err := gov.EncodeParamChanges(changes)
		return gov.KindParams, payload, err
	case "spend":
		to, err := parseAddress(f.to)
		if err != nil {
			return 0, nil, fmt.Errorf("--to: %w", err)
		}
		amount, err := parseTokenAmount(f.amount)
		if err != nil {
			return 0, nil, fmt.Errorf("--amount: %w", err)
		}
		payload, err := gov.EncodeSpend(to, amount)
		return gov.KindPoolSpend, payload, err
	}
	return 0, nil, ErrProposalKind
}

func newSubmitProposalCmd() *cobra.Command {
	var o sendOptions
	var pf proposalFlags
	cmd := &cobra.Command{
		Use:   "submit-proposal --kind text|param-change|spend --deposit AMOUNT --description TEXT",
		Short: "Submit a proposal with its first deposit and print its id",
		Long: "param-change takes one or more --param MODULE/KEY=UINT (evm/block_gas_limit, staking/epoch_length, " +
			"gov/voting_period, ...);\nspend takes --to ADDR --amount TOKENS from the community pool.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			kind, payload, err := pf.payload()
			if err != nil {
				return err
			}
			res, err := sendContractTx(cmd, o, gov.ABI, gov.GovAddress, "submitProposal", kind, payload, pf.description)
			if err != nil {
				return err
			}
			defer res.close()
			return printProposalID(cmd, res)
		},
	}
	addSignerFlags(cmd, &o)
	f := cmd.Flags()
	f.StringVar(&o.value, "deposit", "0", "first deposit: tokens (\"100\") or wei")
	f.StringVar(&pf.kind, "kind", "text", "text, param-change or spend")
	f.StringVar(&pf.description, "description", "", "what the proposal does (at most 1024 bytes)")
	f.StringArrayVar(&pf.params, "param", nil, "MODULE/KEY=UINT, repeatable (param-change)")
	f.StringVar(&pf.to, "to", "", "recipient (spend)")
	f.StringVar(&pf.amount, "amount", "", "amount in tokens (spend)")
	return cmd
}

// printProposalID finds the ProposalSubmitted event of the sender in the tx's block.
func printProposalID(cmd *cobra.Command, res *contractTxResult) error {
	ev := gov.ABI.Events["ProposalSubmitted"]
	logs, err := res.client.FilterLogs(res.ctx, ethereum.FilterQuery{BlockHash: &res.receipt.BlockHash,
		Addresses: []common.Address{gov.GovAddress}, Topics: [][]common.Hash{{ev.ID}, nil, {common.BytesToHash(res.sender[:])}}})
	if err != nil {
		return err
	}
	for _, l := range logs {
		_, err := fmt.Fprintf(cmd.OutOrStdout(), "proposal: %d\n", new(big.Int).SetBytes(l.Topics[1][:]))
		return err
	}
	return nil
}

func newGovDepositCmd() *cobra.Command {
	var o sendOptions
	cmd := &cobra.Command{
		Use: "deposit ID AMOUNT", Short: "Add AMOUNT tokens to a proposal's deposit", Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("proposal id: %w", err)
			}
			o.value = args[1]
			return runContractTx(cmd, o, gov.ABI, gov.GovAddress, "deposit", id)
		},
	}
	addSignerFlags(cmd, &o)
	return cmd
}

func newGovVoteCmd() *cobra.Command {
	var o sendOptions
	cmd := &cobra.Command{
		Use: "vote ID yes|no|abstain|veto", Short: "Vote on a proposal with your stake (a validator also votes for its delegators)",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("proposal id: %w", err)
			}
			option, ok := voteOptions[args[1]]
			if !ok {
				return ErrVoteOption
			}
			return runContractTx(cmd, o, gov.ABI, gov.GovAddress, "vote", id, option)
		},
	}
	addSignerFlags(cmd, &o)
	return cmd
}

// proposalStatus names IGov's status codes.
var proposalStatus = []string{"", "deposit", "voting", "passed", "rejected", "vetoed", "failed"}

func newQueryGovCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "gov", Short: "Query the gov contract"}
	cmd.AddCommand(&cobra.Command{
		Use: "proposal ID", Short: "A proposal, its status and tally", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("proposal id: %w", err)
			}
			return withNode(cmd, func(ctx context.Context, c *ethclient.Client) error {
				return queryProposal(ctx, cmd, c, id)
			})
		},
	})
	return cmd
}

func queryProposal(ctx context.Context, cmd *cobra.Command, c *ethclient.Client, id uint64) error {
	p, err := callView(ctx, c, gov.ABI, gov.GovAddress, "proposal", id)
	if err != nil {
		return err
	}
	t, err := callView(ctx, c, gov.ABI, gov.GovAddress, "tally", id)
	if err != nil {
		return err
	}
	out := jsonable(reflect.ValueOf(p[0])).(map[string]any)
	if out["id"] == "0" || out["id"] == uint64(0) {
		return fmt.Errorf("proposal %d: %w", id, ErrNotFound)
	}
	if s, ok := out["status"].(uint8); ok && int(s) < len(proposalStatus) {
		out["statusName"] = proposalStatus[s]
	}
	out["tally"] = map[string]any{"yes": t[0].(*big.Int).String(), "no": t[1].(*big.Int).String(),
		"abstain": t[2].(*big.Int).String(), "veto": t[3].(*big.Int).String()}
	return printJSONValue(cmd.OutOrStdout(), out)
}
