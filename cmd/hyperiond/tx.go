package main

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"

	"github.com/hyperion-rollup/hyperion/app"
	"github.com/hyperion-rollup/hyperion/app/devkeys"
	tencclient "github.com/hyperion-rollup/hyperion/x/tenc/client"
)

// Transaction errors.
var (
	ErrSignerChoice = errors.New("give exactly one of --from NAME or --dev-account I")
	ErrDevOnly      = errors.New("--dev-account signs only on a dev chain (chain id 31337)")
	ErrFeeCap       = errors.New("--max-fee is below the priority fee")
	ErrNoBaseFee    = errors.New("the node's latest block has no base fee")
	ErrNoReceipt    = errors.New("no receipt before the timeout")
	ErrNotRevealed  = errors.New("envelope not revealed")
)

// receiptPoll is how often tx send asks for the receipt.
const receiptPoll = 500 * time.Millisecond

// maxCalldataHexLen bounds --data.
const maxCalldataHexLen = 2 * 128 * 1024

// sendOptions are the flags of `tx send`.
type sendOptions struct {
	from, to, value, data string
	maxFee, priorityFee   string
	devAccount            int
	gas                   uint64
	timeout               time.Duration
	encrypted             bool
}

// sendRequest is a validated `tx send`.
type sendRequest struct {
	to          common.Address
	value       *big.Int
	data        []byte
	gas         uint64   // 0: estimate
	maxFee, tip *big.Int // nil: from the node
	timeout     time.Duration
}

func newTxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tx",
		Short: "Sign and send transactions through the node's JSON-RPC",
	}
	addNodeFlag(cmd.PersistentFlags())
	cmd.AddCommand(newTxSendCmd(), newTxStakingCmd(), newTxGovCmd())
	return cmd
}

func newTxSendCmd() *cobra.Command {
	var opts sendOptions
	cmd := &cobra.Command{
		Use:   "send --from NAME --to ADDR --value X",
		Short: "Send native tokens (EIP-1559), wait for the receipt and print hash, status and block",
		Long: "--value is native tokens as a decimal (\"1.5\" = 1.5×10^18 wei, at most 18 decimals) or an integer\n" +
			"with the suffix wei (\"21000wei\"). Fees are integers in wei or decimals with the suffix gwei.\n" +
			"--encrypted seals the signed transaction to the validators' current eon key (threshold encryption)\n" +
			"and sends the envelope with hyperion_sendEncryptedTransaction: nobody can read it before its position\n" +
			"is final. The envelope pays its own fee (same fee caps) when included; the transaction executes first\n" +
			"in the next block. It waits for the envelope's outcome, then prints the envelope hash and the receipt.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSend(cmd, opts) },
	}
	f := cmd.Flags()
	f.StringVar(&opts.from, "from", "", "keystore key name that signs")
	f.IntVar(&opts.devAccount, "dev-account", -1, "sign with dev account I (dev chains only) instead of --from")
	f.StringVar(&opts.to, "to", "", "recipient address")
	f.StringVar(&opts.value, "value", "0", "amount: tokens (\"1.5\") or wei (\"100wei\")")
	f.StringVar(&opts.data, "data", "", "optional calldata, 0x hex")
	f.Uint64Var(&opts.gas, "gas", 0, "gas limit (default: eth_estimateGas)")
	f.StringVar(&opts.maxFee, "max-fee", "", "max fee per gas (default: 2 × latest base fee + priority fee)")
	f.StringVar(&opts.priorityFee, "priority-fee", "", "max priority fee per gas (default: eth_maxPriorityFeePerGas)")
	f.DurationVar(&opts.timeout, "timeout", time.Minute, "how long to wait for the receipt")
	f.BoolVar(&opts.encrypted, "encrypted", false, "send through the threshold-encrypted mempool")
	f.String(flagPassphraseFile, "", "file whose first line is the key's passphrase")
	addOutputFlag(cmd)
	return cmd
}

// parseSendOptions validates the flags before anything touches keys or network.
func parseSendOptions(o sendOptions) (sendRequest, error) {
	if (o.from == "") == (o.devAccount < 0) {
		return sendRequest{}, ErrSignerChoice
	}
	req := sendRequest{gas: o.gas, timeout: o.timeout}
	var err error
	if req.to, err = parseAddress(o.to); err != nil {
		return req, fmt.Errorf("--to: %w", err)
	}
	if req.value, err = parseTokenAmount(o.value); err != nil {
		return req, fmt.Errorf("--value: %w", err)
	}
	if req.data, err = parseCalldata(o.data); err != nil {
		return req, err
	}
	if req.maxFee, err = optionalFee(o.maxFee); err != nil {
		return req, fmt.Errorf("--max-fee: %w", err)
	}
	if req.tip, err = optionalFee(o.priorityFee); err != nil {
		return req, fmt.Errorf("--priority-fee: %w", err)
	}
	if req.maxFee != nil && req.tip != nil && req.maxFee.Cmp(req.tip) < 0 {
		return req, ErrFeeCap
	}
	return req, nil
}

func optionalFee(s string) (*big.Int, error) {
	if s == "" {
		return nil, nil
	}
	return parseFeeAmount(s)
}

func parseCalldata(s string) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	if len(s) > maxCalldataHexLen+2 {
		return nil, fmt.Errorf("--data longer than %d bytes", maxCalldataHexLen/2)
	}
	b, err := hexutil.Decode(s)
	if err != nil {
		return nil, fmt.Errorf("--data: %w", err)
	}
	return b, nil
}

// runSend signs, sends and waits for one transaction.
func runSend(cmd *cobra.Command, opts sendOptions) error {
	req, err := parseSendOptions(opts)
	if err != nil {
		return err
	}
	asJSON, err := outputJSON(cmd)
	if err != nil {
		return err
	}
	key, err := sendKey(cmd, opts)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), rpcTimeout+req.timeout)
	defer cancel()
	client, err := dialNode(ctx, cmd)
	if err != nil {
		return err
	}
	defer client.Close()
	chainID, err := client.ChainID(ctx)
	if err != nil {
		return err
	}
	if opts.devAccount >= 0 && chainID.Cmp(big.NewInt(app.DevChainID)) != 0 {
		return ErrDevOnly
	}
	tx, err := buildSendTx(ctx, client, chainID, key, req)
	if err != nil {
		return err
	}
	if opts.encrypted {
		return sendEncrypted(ctx, cmd, client, chainID, key, tx, req.timeout, asJSON)
	}
	if err := client.SendTransaction(ctx, tx); err != nil {
		return fmt.Errorf("send %s: %w", tx.Hash(), err)
	}
	receipt, err := waitReceipt(ctx, client, tx.Hash(), req.timeout)
	if err != nil {
		return fmt.Errorf("tx %s: %w", tx.Hash(), err)
	}
	return printReceipt(cmd.OutOrStdout(), tx, receipt, asJSON)
}

// sendKey loads the signing key: a keystore key or a dev account.
func sendKey(cmd *cobra.Command, opts sendOptions) (*ecdsaKey, error) {
	if opts.devAccount >= 0 {
		acc, err := devkeys.DevAccount(opts.devAccount)
		if err != nil {
			return nil, err
		}
		return acc.Key, nil
	}
	home, err := homeFlag(cmd)
	if err != nil {
		return nil, err
	}
	if _, err := keyAddress(home, opts.from); err != nil {
		return nil, err
	}
	pass, err := existingPassphrase(cmd)
	if err != nil {
		return nil, err
	}
	return loadKey(home, opts.from, pass)
}

// sendEncrypted seals tx into an envelope, sends it, waits for its outcome
// and prints the envelope hash and, once revealed, the inner tx's receipt.
func sendEncrypted(ctx context.Context, cmd *cobra.Command, c *ethclient.Client, chainID *big.Int, key *ecdsaKey,
	tx *types.Transaction, timeout time.Duration, asJSON bool) error {
	tc := tencclient.New(c.Client(), chainID.Uint64())
	fees := tencclient.Fees{MaxFeePerGas: tx.GasFeeCap(), MaxPriorityFeePerGas: tx.GasTipCap()}
	envHash, err := tc.SealAndSend(ctx, key, tx, fees)
	if err != nil {
		return fmt.Errorf("send encrypted %s: %w", tx.Hash(), err)
	}
	env, err := waitEnvelope(ctx, tc, envHash, timeout)
	if err != nil {
		return fmt.Errorf("envelope %s: %w", envHash, err)
	}
	if env.Status != "revealed" {
		return fmt.Errorf("envelope %s: %w: %s %s", envHash, ErrNotRevealed, env.Status, env.Reason)
	}
	receipt, err := waitReceipt(ctx, c, tx.Hash(), timeout)
	if err != nil {
		return fmt.Errorf("tx %s: %w", tx.Hash(), err)
	}
	if !asJSON {
		fmt.Fprintf(cmd.OutOrStdout(), "envelope %s included in block %d\n", envHash, uint64(env.Block))
	}
	return printReceipt(cmd.OutOrStdout(), tx, receipt, asJSON)
}

// waitEnvelope polls hyperion_getEnvelope until the envelope's fate is
// settled (revealed, expired, invalid or dropped).
func waitEnvelope(ctx context.Context, tc *tencclient.Client, hash common.Hash, timeout time.Duration) (*tencclient.Envelope, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(receiptPoll)
	defer tick.Stop()
	for {
		env, err := tc.Envelope(ctx, hash)
		if err != nil && ctx.Err() == nil {
			return nil, err
		}
		if env.Final() {
			return env, nil
		}
		select {
		case <-ctx.Done():
			return nil, ErrNoReceipt
		case <-tick.C:
		}
	}
}
