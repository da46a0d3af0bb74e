package inference

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/vm"
)

// PrecompileAddress is where the inference precompile lives.
var PrecompileAddress = common.HexToAddress("0x0000000000000000000000000000000000000810")

// PrecompileABI is the precompile's interface (IInference.sol).
const PrecompileABI = `[
{"type":"function","name":"infer","stateMutability":"view","inputs":[{"name":"model","type":"bytes32"},{"name":"input","type":"int32[]"}],"outputs":[{"name":"output","type":"int32[]"}]},
{"type":"function","name":"generate","stateMutability":"view","inputs":[{"name":"model","type":"bytes32"},{"name":"prompt","type":"uint32[]"},{"name":"maxNewTokens","type":"uint32"},{"name":"temperatureQ16","type":"uint32"},{"name":"topK","type":"uint32"},{"name":"seed","type":"uint64"},{"name":"stopToken","type":"uint32"}],"outputs":[{"name":"tokens","type":"uint32[]"},{"name":"traceRoot","type":"bytes32"}]},
{"type":"function","name":"modelInfo","stateMutability":"view","inputs":[{"name":"model","type":"bytes32"}],"outputs":[{"name":"arch","type":"uint8"},{"name":"dim","type":"uint32"},{"name":"hidden","type":"uint32"},{"name":"layers","type":"uint32"},{"name":"heads","type":"uint32"},{"name":"kvHeads","type":"uint32"},{"name":"vocab","type":"uint32"},{"name":"seqLen","type":"uint32"},{"name":"inputDim","type":"uint32"},{"name":"outputDim","type":"uint32"},{"name":"sizeBytes","type":"uint64"}]}
]`

// precompileABI is the parsed PrecompileABI.
var precompileABI = mustParseABI(PrecompileABI)

func mustParseABI(s string) abi.ABI {
	a, err := abi.JSON(strings.NewReader(s))
	if err != nil {
		panic(err)
	}
	return a
}

// modelInfoGas is the flat cost of modelInfo.
const modelInfoGas = 200

// Precompile errors (the revert reasons start with these texts).
var (
	ErrBadCall      = errors.New("inference: malformed call")
	ErrCallTooHeavy = errors.New("inference: call exceeds the per-call gas cap")
	ErrBlockCapFull = errors.New("inference: call exceeds the block's remaining inference gas")
)

// precompile is the inference precompile: a pure function of its input and
// the block's registry snapshot.
type precompile struct {
	reg   *RegistrySnapshot
	meter *BlockMeter
}

// NewPrecompile returns the inference precompile over one block's registry
// snapshot, with a fresh per-block meter of MaxBlockInferenceGas; install it
// at PrecompileAddress with evm.SetPrecompiles. One instance serves one block
// (or one eth_call) on one goroutine.
func NewPrecompile(reg *RegistrySnapshot) vm.PrecompiledContract {
	return &precompile{reg: reg, meter: NewBlockMeter(MaxBlockInferenceGas)}
}

// Name implements vm.PrecompiledContract.
func (p *precompile) Name() string { return "INFERENCE" }

// call is a decoded, validated precompile call.
type call struct {
	method string
	model  *RegisteredModel
	input  []int32
	gen    GenerateParams
	gas    uint64
}

// failedCallGas is what a call that will revert before running costs.
func failedCallGas(input []byte) uint64 {
	return DefaultGasParams.Base + wordGas*words(len(input))
}

func words(n int) uint64 { return (uint64(n) + 31) / 32 }

// RequiredGas implements vm.PrecompiledContract: the full price of a valid
// call, computed from the registry and the arguments before anything runs;
// a call that will revert (bad input, over the cap) costs failedCallGas.
func (p *precompile) RequiredGas(input []byte) uint64 {
	c, err := p.decode(input)
	if err != nil || c.gas > MaxCallGas || !p.meter.Fits(c.gas) {
		return failedCallGas(input)
	}
	return c.gas
}

// Run implements vm.PrecompiledContract. Every failure reverts with an
// Error(string) reason.
func (p *precompile) Run(input []byte) ([]byte, error) {
	c, err := p.decode(input)
	if err == nil && c.gas > MaxCallGas {
		err = fmt.Errorf("%w: needs %d gas, cap %d", ErrCallTooHeavy, c.gas, MaxCallGas)
	}
	if err == nil && !p.meter.Fits(c.gas) {
		err = fmt.Errorf("%w: needs %d gas, %d of %d left", ErrBlockCapFull, c.gas, p.meter.Left(), p.meter.Cap())
	}
	if err != nil {
		return revertReason(err), vm.ErrExecutionReverted
	}
	out, err := c.execute()
	if err != nil {
		return revertReason(err), vm.ErrExecutionReverted
	}
	p.meter.Charge(c.gas)
	return out, nil
}

// revertReason ABI-encodes Error(string).
func revertReason(err error) []byte {
	str, _ := abi.NewType("string", "", nil)
	data, _ := abi.Arguments{{Type: str}}.Pack(err.Error())
	return append([]byte{0x08, 0xc3, 0x79, 0xa0}, data...)
}

func (p *precompile) decode(input []byte) (*call, error) {
	if len(input) < 4 {
		return nil, fmt.Errorf("%w: no selector", ErrBadCall)
	}
	method, err := precompileABI.MethodById(input[:4])
	if err != nil {
		return nil, fmt.Errorf("%w: unknown selector %x", ErrBadCall, input[:4])
	}
	args, err := method.Inputs.Unpack(input[4:])
	if err != nil {
		return nil, fmt.Errorf("%w: %s arguments: %v", ErrBadCall, method.Name, err)
	}
	id := ID(args[0].([32]byte))
	m, ok := p.reg.Lookup(id)
	if !ok {
		return nil, fmt.Errorf("%w: %x", ErrModelNotFound, id)
	}
	c := &call{method: method.Name, model: m}
	switch method.Name {
	case "infer":
		return c, c.prepareInfer(args[1].([]int32), len(input))
	case "generate":
		return c, c.prepareGenerate(args, len(input))
	default:
		c.gas = modelInfoGas + wordGas*words(len(input))
		return c, nil
	}
}

func (c *call) prepareInfer(input []int32, inputLen int) error {
	mlp := c.model.Model.MLP
	if mlp == nil {
		return fmt.Errorf("%w: infer needs an MLP model", ErrNotMLP)
	}
	if len(input) != mlp.InputDim {
		return fmt.Errorf("%w: %d values, model takes %d", ErrBadInputLength, len(input), mlp.InputDim)
	}
	c.input = input
	out := mlp.Layers[len(mlp.Layers)-1].W.Rows
	c.gas = c.model.Entry.Gas.InferGas(mlp, words(inputLen)+uint64(out)+2)
	return nil
}

func (c *call) prepareGenerate(args []interface{}, inputLen int) error {
	l := c.model.Model.Llama
	if l == nil {
		return fmt.Errorf("%w: generate needs a decoder model", ErrNotLlama)
	}
	g := GenerateParams{Prompt: args[1].([]uint32), MaxNewTokens: args[2].(uint32), TemperatureQ16: args[3].(uint32),
		TopK: args[4].(uint32), Seed: args[5].(uint64), StopToken: args[6].(uint32)}
	cfg := &l.Config
	switch {
	case len(g.Prompt) == 0:
		return fmt.Errorf("%w: empty prompt", ErrBadToken)
	case uint64(len(g.Prompt))+uint64(g.MaxNewTokens) > uint64(cfg.SeqLen):
		return fmt.Errorf("%w: %d prompt + %d new tokens > %d", ErrContextFull, len(g.Prompt), g.MaxNewTokens, cfg.SeqLen)
	case g.TopK > PrecompileMaxTopK:
		return fmt.Errorf("%w: top-k %d > %d", ErrBadSampling, g.TopK, PrecompileMaxTopK)
	}
	for _, t := range g.Prompt {
		if t >= uint32(cfg.Vocab) {
			return fmt.Errorf("%w: prompt token %d, vocab %d", ErrBadToken, t, cfg.Vocab)
		}
	}
	if g.TopK == 0 {
		g.TopK = PrecompileMaxTopK // the engine's default (MaxTopK) is larger than the precompile allows
	}
	k := uint64(g.TopK)
	if g.TemperatureQ16 == 0 {
		k = 1
	}
	c.gen = g
	c.gas = c.model.Entry.Gas.GenerateGas(cfg, uint64(len(g.Prompt)), uint64(g.MaxNewTokens), k,
		words(inputLen)+uint64(g.MaxNewTokens)+4)
	return nil
}

func (c *call) execute() ([]byte, error) {
	m := c.model.Model
	switch c.method {
	case "infer":
		res, err := m.Infer(c.input)
		if err != nil {
			return nil, err
		}
		return precompileABI.Methods["infer"].Outputs.Pack(res.Logits)
	case "generate":
		g, err := m.Generate(c.gen)
		if err != nil {
			return nil, err
		}
		tokens := g.Tokens
		if tokens == nil {
			tokens = []uint32{}
		}
		return precompileABI.Methods["generate"].Outputs.Pack(tokens, g.TraceRoot)
	default:
		return c.modelInfo()
	}
}

func (c *call) modelInfo() ([]byte, error) {
	m := c.model.Model
	var d [9]uint32 // dim, hidden, layers, heads, kvHeads, vocab, seqLen, inputDim, outputDim
	if l := m.Llama; l != nil {
		cf := &l.Config
		d = [9]uint32{uint32(cf.Dim), uint32(cf.Hidden), uint32(cf.Layers), uint32(cf.Heads), uint32(cf.KVHeads),
			uint32(cf.Vocab), uint32(cf.SeqLen), 0, uint32(cf.Vocab)}
	} else if mlp := m.MLP; mlp != nil {
		d[2], d[7] = uint32(len(mlp.Layers)), uint32(mlp.InputDim)
		d[8] = uint32(mlp.Layers[len(mlp.Layers)-1].W.Rows)
	}
	return precompileABI.Methods["modelInfo"].Outputs.Pack(uint8(m.Arch), d[0], d[1], d[2], d[3], d[4], d[5], d[6],
		d[7], d[8], c.model.Entry.Size)
}
