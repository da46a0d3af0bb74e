package inference

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/core/vm"
)

// ErrNotPerBlock is the revert reason of the node template when it is
// installed without ForBlock (a wiring bug, never a consensus path).
var ErrNotPerBlock = errors.New("inference: precompile template used without a block instance")

// NodePrecompile is the node's inference precompile template. The block
// executor calls ForBlock once per block (and once per eth_call): it reads the
// registry from consensus state, loads any model it has not loaded yet from
// the node's model directory (checking size and sha256) and returns a fresh
// precompile over that registry with a fresh per-block meter.
//
// A registered model whose file this node lacks is a local fault, not a
// consensus input: ForBlock fails with ErrModelMissing naming the file, the
// block is not executed and the node halts with that message, as geth halts
// on missing state; placing the file and restarting resumes the node. Every
// node that executes a block therefore runs it with the same registry.
type NodePrecompile struct {
	dir   string
	cache *Registry
}

// NewNodePrecompile returns the template over the model directory dir;
// loaded (may be nil) holds models already loaded (the genesis registry).
func NewNodePrecompile(dir string, loaded *Registry) *NodePrecompile {
	if loaded == nil {
		loaded = &Registry{models: map[ID]*RegisteredModel{}}
	}
	return &NodePrecompile{dir: dir, cache: loaded}
}

// Name implements vm.PrecompiledContract.
func (n *NodePrecompile) Name() string { return "INFERENCE" }

// RequiredGas implements vm.PrecompiledContract.
func (n *NodePrecompile) RequiredGas(input []byte) uint64 { return failedCallGas(input) }

// Run implements vm.PrecompiledContract: the template itself never runs models.
func (n *NodePrecompile) Run([]byte) ([]byte, error) {
	return revertReason(ErrNotPerBlock), vm.ErrExecutionReverted
}

// ForBlock returns the precompile instance for one block (or one call) over
// the registry stored in db.
func (n *NodePrecompile) ForBlock(db vm.StateDB) (vm.PrecompiledContract, error) {
	snap, err := n.snapshot(NewRegistryState(db).Entries())
	if err != nil {
		return nil, err
	}
	return &precompile{reg: snap, meter: NewBlockMeter(MaxBlockInferenceGas)}, nil
}

// snapshot resolves entries against the loaded models, loading new files.
func (n *NodePrecompile) snapshot(entries []RegistryEntry) (*RegistrySnapshot, error) {
	s := &RegistrySnapshot{models: make(map[ID]*RegisteredModel, len(entries))}
	var problems []string
	for _, e := range entries {
		m, err := n.model(e)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		s.models[e.ID] = &RegisteredModel{Entry: e, Model: m}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w: %d registered model(s) unusable in %s (place the files and restart):\n  %s",
			ErrModelMissing, len(problems), n.dir, strings.Join(problems, "\n  "))
	}
	return s, nil
}

// model returns the decoded model of e, loading and checking its file once.
func (n *NodePrecompile) model(e RegistryEntry) (*Model, error) {
	n.cache.mu.RLock()
	have, ok := n.cache.models[e.ID]
	n.cache.mu.RUnlock()
	if ok && have.Entry.Size == e.Size {
		return have.Model, nil
	}
	file, err := readModelFile(n.dir, e)
	if err == nil {
		err = n.cache.Register(e, file)
	}
	if err != nil {
		return nil, err
	}
	n.cache.mu.RLock()
	defer n.cache.mu.RUnlock()
	return n.cache.models[e.ID].Model, nil
}
