package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
	"github.com/hyperion-rollup/hyperion/x/staking"
)

// ErrRequestRejected is returned when the chain applied a staking or gov
// request and rejected it (the value was refunded).
var ErrRequestRejected = errors.New("request rejected")

// devSelfBond is each dev genesis validator's self-bond: 100 tokens.
var devSelfBond = new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))

// devStakingGenesis bonds genesis validator i to dev account i (100 tokens,
// escrowed in the staking contract at genesis); validators beyond the dev
// accounts get an operator derived from their consensus key.
func devStakingGenesis(vals []cmttypes.GenesisValidator, accs []devkeys.Account) (json.RawMessage, error) {
	g := staking.GenesisState{Validators: []staking.GenesisValidator{}}
	for i, v := range vals {
		op := common.BytesToAddress(crypto.Keccak256(v.PubKey.Bytes())[12:])
		if i < len(accs) {
			op = accs[i].Address
		}
		g.Validators = append(g.Validators, staking.GenesisValidator{Operator: op, ConsensusPubKey: v.PubKey.Bytes(),
			SelfBond: devSelfBond.String(), CommissionBps: 1000, Moniker: v.Name})
	}
	return json.Marshal(g)
}

// addSignerFlags adds the signing and fee flags shared by the staking and gov txs.
func addSignerFlags(cmd *cobra.Command, o *sendOptions) {
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", "keystore key name that signs")
	f.IntVar(&o.devAccount, "dev-account", -1, "sign with dev account I (dev chains only) instead of --from")
	f.Uint64Var(&o.gas, "gas", 0, "gas limit (default: eth_estimateGas)")
	f.StringVar(&o.maxFee, "max-fee", "", "max fee per gas (default: 2 × latest base fee + priority fee)")
	f.StringVar(&o.priorityFee, "priority-fee", "", "max priority fee per gas (default: eth_maxPriorityFeePerGas)")
	f.DurationVar(&o.timeout, "timeout", time.Minute, "how long to wait for the receipt")
	f.String(flagPassphraseFile, "", "file whose first line is the key's passphrase")
	addOutputFlag(cmd)
}

// runContractTx signs a call of method on a system contract, waits for its
// receipt and reports a RequestRejected the end-of-block pass emitted for it.
func runContractTx(cmd *cobra.Command, o sendOptions, contract abi.ABI, addr common.Address, method string, args ...any) error {
	res, err := sendContractTx(cmd, o, contract, addr, method, args...)
	if err != nil {
		return err
	}
	res.close()
	return nil
}

// contractTxResult is a mined system-contract call.
type contractTxResult struct {
	receipt *types.Receipt
	sender  common.Address
	client  *ethclient.Client
	ctx     context.Context
	close   func()
}

// sendContractTx is runContractTx, returning the receipt for callers that
// read the outcome events; the caller closes the result.
func sendContractTx(cmd *cobra.Command, o sendOptions, contract abi.ABI, addr common.Address, method string, args ...any) (*contractTxResult, error) {
	data, err := contract.Pack(method, args...)
	if err != nil {
		return nil, err
	}
	o.to, o.data = addr.Hex(), hexutil.Encode(data)
	if o.value == "" {
		o.value = "0"
	}
	req, err := parseSendOptions(o)
	if err != nil {
		return nil, err
	}
	key, err := sendKey(cmd, o)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), 2*rpcTimeout+req.timeout)
	client, err := dialNode(ctx, cmd)
	if err != nil {
		cancel()
		return nil, err
	}
	res := &contractTxResult{sender: crypto.PubkeyToAddress(key.PublicKey), client: client, ctx: ctx,
		close: func() { client.Close(); cancel() }}
	if res.receipt, err = mineContractTx(ctx, cmd, client, o, req, key, contract, addr); err != nil {
		res.close()
		return nil, err
	}
	return res, nil
}

// mineContractTx signs, sends and waits for the tx, then checks for a rejection.
func mineContractTx(ctx context.Context, cmd *cobra.Command, client *ethclient.Client, o sendOptions, req sendRequest,
	key *ecdsaKey, contract abi.ABI, addr common.Address) (*types.Receipt, error) {
	asJSON, err := outputJSON(cmd)
	if err != nil {
		return nil, err
	}
	chainID, err := client.ChainID(ctx)
	if err != nil {
		return nil, err
	}
	if o.devAccount >= 0 && chainID.Cmp(big.NewInt(app.DevChainID)) != 0 {
		return nil, ErrDevOnly
	}
	tx, err := buildSendTx(ctx, client, chainID, key, req)
	if err != nil {
		return nil, err
	}
	if err := client.SendTransaction(ctx, tx); err != nil {
		return nil, fmt.Errorf("send %s: %w", tx.Hash(), err)
	}
	receipt, err := waitReceipt(ctx, client, tx.Hash(), req.timeout)
	if err != nil {
		return nil, fmt.Errorf("tx %s: %w", tx.Hash(), err)
	}
	if err := printReceipt(cmd.OutOrStdout(), tx, receipt, asJSON); err != nil {
		return nil, err
	}
	return receipt, checkRejected(ctx, client, contract, addr, receipt.BlockHash, crypto.PubkeyToAddress(key.PublicKey))
}

// checkRejected looks for the RequestRejected event of sender in the block's system receipt.
func checkRejected(ctx context.Context, c *ethclient.Client, contract abi.ABI, addr common.Address, block common.Hash, sender common.Address) error {
	logs, err := c.FilterLogs(ctx, ethereum.FilterQuery{BlockHash: &block, Addresses: []common.Address{addr},
		Topics: [][]common.Hash{{contract.Events["RequestRejected"].ID}, {common.BytesToHash(sender[:])}}})
	if err != nil || len(logs) == 0 {
		return err
	}
	fields, err := contract.Events["RequestRejected"].Inputs.NonIndexed().Unpack(logs[len(logs)-1].Data)
	if err != nil {
		return err
	}
	return fmt.Errorf("%w: %v", ErrRequestRejected, fields[1])
}

func newTxStakingCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "staking", Short: "Staking transactions to the staking contract (0x…0800)"}
	cmd.AddCommand(newCreateValidatorCmd(), newStakingAmountCmd("delegate", "VALIDATOR AMOUNT", "Delegate AMOUNT tokens"),
		newStakingAmountCmd("undelegate", "VALIDATOR AMOUNT", "Start unbonding AMOUNT tokens (paid back after the unbonding period)"),
		newRedelegateCmd(), newStakingAddrCmd("withdraw-rewards", "Withdraw rewards (and commission, for the operator)"),
		newUnjailCmd())
	return cmd
}

// validatorKeys are the keys createValidator registers.
type validatorKeys struct {
	consensus, bls, pop, dkg []byte
}

// loadValidatorKeys reads the node's consensus key and the BLS and DKG keys
// kept next to it (config/bls_key.hex, config/dkg_key.hex), creating those
// two on first use.
func loadValidatorKeys(home string) (validatorKeys, error) {
	conf, err := app.LoadCometConfig(home)
	if err != nil {
		return validatorKeys{}, err
	}
	raw, err := os.ReadFile(conf.PrivValidatorKeyFile())
	if err != nil {
		return validatorKeys{}, err
	}
	var pv privval.FilePVKey
	if err := cmtjson.Unmarshal(raw, &pv); err != nil {
		return validatorKeys{}, fmt.Errorf("%s: %w", conf.PrivValidatorKeyFile(), err)
	}
	if pv.PubKey == nil || len(pv.PubKey.Bytes()) != ed25519.PubKeySize {
		return validatorKeys{}, errors.New("the node's consensus key is not ed25519")
	}
	keys := validatorKeys{consensus: pv.PubKey.Bytes()}
	blsSeed, err := secretFile(filepath.Join(filepath.Dir(conf.PrivValidatorKeyFile()), "bls_key.hex"))
	if err != nil {
		return keys, err
	}
	if keys.bls, keys.pop, err = staking.ProvePossession(blsSeed); err != nil {
		return keys, err
	}
	dkgSeed, err := secretFile(filepath.Join(filepath.Dir(conf.PrivValidatorKeyFile()), "dkg_key.hex"))
	if err != nil {
		return keys, err
	}
	dkg, err := crypto.ToECDSA(dkgSeed)
	if err != nil {
		return keys, fmt.Errorf("dkg key: %w", err)
	}
	keys.dkg = crypto.CompressPubkey(&dkg.PublicKey)
	return keys, nil
}

// secretFile reads a 32-byte hex secret, writing a fresh one (0600) when the file does not exist.
func secretFile(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		secret, kerr := crypto.GenerateKey()
		if kerr != nil {
			return nil, kerr
		}
		b := crypto.FromECDSA(secret)
		return b, os.WriteFile(path, []byte(hexutil.Encode(b)+"\n"), 0o600)
	}
	if err != nil {
		return nil, err
	}
	b, err := hexutil.Decode(string(trimLine(raw)))
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("%s: want 0x + 64 hex digits", path)
	}
	return b, nil
}

func trimLine(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return b
}

func newCreateValidatorCmd() *cobra.Command {
	var o sendOptions
	var moniker string
	var commission uint16
	cmd := &cobra.Command{
		Use:   "create-validator --self-bond AMOUNT [--moniker NAME] [--commission-bps N]",
		Short: "Register this node (its --home consensus key, plus BLS and DKG keys kept in config/) as a validator",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home, err := homeFlag(cmd)
			if err != nil {
				return err
			}
			keys, err := loadValidatorKeys(home)
			if err != nil {
				return err
			}
			return runContractTx(cmd, o, staking.ABI, staking.StakingAddress, "createValidator",
				keys.consensus, keys.bls, keys.pop, keys.dkg, commission, moniker)
		},
	}
	addSignerFlags(cmd, &o)
	cmd.Flags().StringVar(&o.value, "self-bond", "", "self-delegation: tokens (\"100\") or wei (\"100wei\")")
	cmd.Flags().StringVar(&moniker, "moniker", "", "validator name (at most 64 bytes)")
	cmd.Flags().Uint16Var(&commission, "commission-bps", 1000, "commission in basis points (1000 = 10%)")
	return cmd
}

// newStakingAmountCmd builds delegate and undelegate: VALIDATOR AMOUNT.
func newStakingAmountCmd(name, use, short string) *cobra.Command {
	var o sendOptions
	cmd := &cobra.Command{
		Use: name + " " + use, Short: short, Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			val, err := parseAddress(args[0])
			if err != nil {
				return err
			}
			amount, err := parseTokenAmount(args[1])
			if err != nil {
				return err
			}
			if name == "delegate" {
				o.value = args[1]
				return runContractTx(cmd, o, staking.ABI, staking.StakingAddress, "delegate", val)
			}
			return runContractTx(cmd, o, staking.ABI, staking.StakingAddress, "undelegate", val, amount)
		},
	}
	addSignerFlags(cmd, &o)
	return cmd
}

func newRedelegateCmd() *cobra.Command {
	var o sendOptions
	cmd := &cobra.Command{
		Use: "redelegate SRC DST AMOUNT", Short: "Move AMOUNT tokens of stake from SRC to DST at once", Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := parseAddress(args[0])
			if err != nil {
				return err
			}
			dst, err := parseAddress(args[1])
			if err != nil {
				return err
			}
			amount, err := parseTokenAmount(args[2])
			if err != nil {
				return err
			}
			return runContractTx(cmd, o, staking.ABI, staking.StakingAddress, "redelegate", src, dst, amount)
		},
	}
	addSignerFlags(cmd, &o)
	return cmd
}

// newStakingAddrCmd builds withdraw-rewards VALIDATOR.
func newStakingAddrCmd(name, short string) *cobra.Command {
	var o sendOptions
	cmd := &cobra.Command{
		Use: name + " VALIDATOR", Short: short, Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			val, err := parseAddress(args[0])
			if err != nil {
				return err
			}
			return runContractTx(cmd, o, staking.ABI, staking.StakingAddress, "withdrawRewards", val)
		},
	}
	addSignerFlags(cmd, &o)
	return cmd
}

func newUnjailCmd() *cobra.Command {
	var o sendOptions
	cmd := &cobra.Command{
		Use: "unjail", Short: "Unjail the signer's validator after its jail period", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runContractTx(cmd, o, staking.ABI, staking.StakingAddress, "unjail")
		},
	}
	addSignerFlags(cmd, &o)
	return cmd
}

// callView runs eth_call of a contract view and unpacks the result.
func callView(ctx context.Context, c *ethclient.Client, contract abi.ABI, addr common.Address, method string, args ...any) ([]any, error) {
	data, err := contract.Pack(method, args...)
	if err != nil {
		return nil, err
	}
	out, err := c.CallContract(ctx, ethereum.CallMsg{To: &addr, Data: data}, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	return contract.Unpack(method, out)
}

func newQueryStakingCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "staking", Short: "Query the staking contract"}
	validators := &cobra.Command{
		Use: "validators", Short: "The active set, in order", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withNode(cmd, func(ctx context.Context, c *ethclient.Client) error {
				res, err := callView(ctx, c, staking.ABI, staking.StakingAddress, "validators")
				if err != nil {
					return err
				}
				return printJSONValue(cmd.OutOrStdout(), res[0])
			})
		},
	}
	delegation := &cobra.Command{
		Use: "delegation DELEGATOR VALIDATOR", Short: "A delegation's amount, pending rewards and the delegator's unbondings",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error { return queryDelegation(cmd, args) },
	}
	cmd.AddCommand(validators, delegation)
	return cmd
}

func queryDelegation(cmd *cobra.Command, args []string) error {
	del, err := parseAddress(args[0])
	if err != nil {
		return err
	}
	val, err := parseAddress(args[1])
	if err != nil {
		return err
	}
	return withNode(cmd, func(ctx context.Context, c *ethclient.Client) error {
		out := map[string]any{}
		for _, q := range []struct {
			key, method string
			args        []any
		}{{"amount", "delegation", []any{del, val}}, {"pendingRewards", "pendingRewards", []any{del, val}},
			{"unbondings", "unbondings", []any{del}}, {"validator", "validator", []any{val}}} {
			res, err := callView(ctx, c, staking.ABI, staking.StakingAddress, q.method, q.args...)
			if err != nil {
				return err
			}
			out[q.key] = res[0]
		}
		return printJSONValue(cmd.OutOrStdout(), out)
	})
}

// printJSONValue prints a decoded ABI value as indented JSON (big numbers as decimals, bytes as hex).
func printJSONValue(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonable(reflect.ValueOf(v)))
}

// jsonable turns decoded ABI values into JSON-friendly ones: bytes as 0x hex,
// big integers as decimal strings, structs as objects keyed by their ABI names.
func jsonable(v reflect.Value) any {
	switch {
	case v.Kind() == reflect.Pointer && v.Type() == reflect.TypeOf(&big.Int{}):
		return v.Interface().(*big.Int).String()
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8:
		return hexutil.Bytes(v.Bytes())
	case v.Kind() == reflect.Array && v.Type() == reflect.TypeOf(common.Address{}):
		return v.Interface()
	case v.Kind() == reflect.Slice || v.Kind() == reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = jsonable(v.Index(i))
		}
		return out
	case v.Kind() == reflect.Struct:
		out := make(map[string]any, v.NumField())
		for i := 0; i < v.NumField(); i++ {
			name := v.Type().Field(i).Tag.Get("json")
			if name == "" {
				name = v.Type().Field(i).Name
			}
			out[name] = jsonable(v.Field(i))
		}
		return out
	case v.Kind() == reflect.Map:
		out := make(map[string]any, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			out[iter.Key().String()] = jsonable(iter.Value())
		}
		return out
	case v.Kind() == reflect.Interface && !v.IsNil():
		return jsonable(v.Elem())
	}
	return v.Interface()
}
