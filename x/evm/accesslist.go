package evm

import (
	"context"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/tracers/logger"
)

// MaxAccessListRounds bounds the executions CreateAccessList makes while the
// list keeps growing (each round adds what the previous list made reachable).
const MaxAccessListRounds = 16

// CreateAccessList returns the addresses and storage slots msg touches in env,
// as go-ethereum's eth_createAccessList: it runs msg with the list found so far
// until a run touches nothing new. The sender, the recipient (or the created
// contract) and the active precompiles are left out. The result is the last
// run's; an EVM failure is in it, a consensus-rule failure is the error.
func CreateAccessList(ctx context.Context, env CallEnv, msg CallMsg) (types.AccessList, *CallResult, error) {
	prepared, err := prepareCall(env, msg)
	if err != nil {
		return nil, nil, err
	}
	exclude := prepared.accessListExclusions()
	gas := prepared.gasLimit(msg.Gas)
	list := msg.AccessList
	for round := 0; ; round++ {
		tracer := logger.NewAccessListTracer(list, exclude)
		prepared.msg.AccessList = list
		res, err := prepared.runTraced(ctx, gas, tracer.Hooks())
		if err != nil {
			return nil, nil, err
		}
		found := tracer.AccessList()
		if tracer.Equal(logger.NewAccessListTracer(list, exclude)) || round+1 >= MaxAccessListRounds {
			return found, res, nil
		}
		list = found
	}
}

// accessListExclusions returns the addresses an access list leaves out.
func (c *preparedCall) accessListExclusions() map[common.Address]struct{} {
	exclude := map[common.Address]struct{}{c.msg.From: {}}
	if c.msg.To != nil {
		exclude[*c.msg.To] = struct{}{}
	} else {
		nonce := c.newState().GetNonce(c.msg.From)
		exclude[crypto.CreateAddress(c.msg.From, nonce)] = struct{}{}
	}
	rules := c.env.Config.Rules(c.bctx.BlockNumber, true, c.bctx.Time)
	for _, addr := range vm.ActivePrecompiles(rules) {
		exclude[addr] = struct{}{}
	}
	return exclude
}
