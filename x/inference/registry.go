package inference

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Registry errors.
var (
	ErrModelMissing      = errors.New("inference: registered model file missing")
	ErrModelHashMismatch = errors.New("inference: model file does not match its registered hash")
	ErrModelSizeMismatch = errors.New("inference: model file size differs from its registration")
	ErrModelNotFound     = errors.New("inference: model not registered")
	ErrBadRegistryEntry  = errors.New("inference: invalid registry entry")
)

// ModelFileExt is the extension of model files in the node's model
// directory; a model's file is named by its hex id: <id>.hyqm.
const ModelFileExt = ".hyqm"

// RegistryEntry is a model registration (at genesis or by governance): the
// content address, the file size and the frozen gas parameters.
type RegistryEntry struct {
	ID   ID
	Size uint64
	Gas  GasParams
}

// Validate checks the entry's bounds.
func (e *RegistryEntry) Validate() error {
	if e.Size == 0 || e.Size > MaxModelBytes {
		return fmt.Errorf("%w: model %x size %d", ErrBadRegistryEntry, e.ID, e.Size)
	}
	if e.Gas.MACsPerGas == 0 {
		return fmt.Errorf("%w: model %x has zero MACs per gas", ErrBadRegistryEntry, e.ID)
	}
	return nil
}

// RegisteredModel is a loaded, hash-checked model with its registration.
// It is read-only: concurrent calls share it.
type RegisteredModel struct {
	Entry RegistryEntry
	Model *Model
}

// Registry holds the node's loaded models. It changes only between blocks;
// each block executes against an immutable Snapshot.
type Registry struct {
	mu     sync.RWMutex
	models map[ID]*RegisteredModel
}

// ModelPath returns where a model's file lives in dir.
func ModelPath(dir string, id ID) string {
	return filepath.Join(dir, hex.EncodeToString(id[:])+ModelFileExt)
}

// LoadRegistry loads every registered model from dir, checking each file's
// size and sha256. Every model that is missing or does not match is named in
// the error, so a node operator sees the whole list at start.
func LoadRegistry(dir string, entries []RegistryEntry) (*Registry, error) {
	r := &Registry{models: make(map[ID]*RegisteredModel, len(entries))}
	var problems []string
	var first error
	for _, e := range entries {
		file, err := readModelFile(dir, e)
		if err == nil {
			err = r.Register(e, file)
		}
		if err != nil {
			problems = append(problems, err.Error())
			if first == nil {
				first = err
			}
		}
	}
	if first != nil {
		return nil, fmt.Errorf("%w (%d of %d registered models unusable in %s):\n  %s",
			first, len(problems), len(entries), dir, strings.Join(problems, "\n  "))
	}
	return r, nil
}

func readModelFile(dir string, e RegistryEntry) ([]byte, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	path := ModelPath(dir, e.ID)
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%w: model %x (%d bytes) expected at %s", ErrModelMissing, e.ID, e.Size, path)
	}
	if uint64(st.Size()) != e.Size {
		return nil, fmt.Errorf("%w: model %x at %s has %d bytes, registered %d", ErrModelSizeMismatch, e.ID, path, st.Size(), e.Size)
	}
	return os.ReadFile(path)
}

// Register adds a model from its file bytes after checking size and hash
// (the path a governance registration or a completed chunked upload takes).
func (r *Registry) Register(e RegistryEntry, file []byte) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if uint64(len(file)) != e.Size {
		return fmt.Errorf("%w: model %x has %d bytes, registered %d", ErrModelSizeMismatch, e.ID, len(file), e.Size)
	}
	if got := sha256.Sum256(file); got != e.ID {
		return fmt.Errorf("%w: registered %x, file hashes to %x", ErrModelHashMismatch, e.ID, got)
	}
	m, err := Decode(file)
	if err != nil {
		return fmt.Errorf("model %x: %w", e.ID, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.models[e.ID] = &RegisteredModel{Entry: e, Model: m}
	return nil
}

// Remove deregisters a model.
func (r *Registry) Remove(id ID) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.models, id)
}

// Snapshot returns an immutable view for one block.
func (r *Registry) Snapshot() *RegistrySnapshot {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s := &RegistrySnapshot{models: make(map[ID]*RegisteredModel, len(r.models))}
	for id, m := range r.models {
		s.models[id] = m
	}
	return s
}

// RegistrySnapshot is the registry as one block sees it. It never changes.
type RegistrySnapshot struct {
	models map[ID]*RegisteredModel
}

// Lookup returns a registered model.
func (s *RegistrySnapshot) Lookup(id ID) (*RegisteredModel, bool) {
	if s == nil {
		return nil, false
	}
	m, ok := s.models[id]
	return m, ok
}

// IDs returns the registered ids in ascending order.
func (s *RegistrySnapshot) IDs() []ID {
	ids := make([]ID, 0, len(s.models))
	for id := range s.models {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return string(ids[i][:]) < string(ids[j][:]) })
	return ids
}
