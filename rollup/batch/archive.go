package batch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/rlp"
)

// ErrNotArchived is returned for a batch the archive does not hold.
var ErrNotArchived = errors.New("batch: not in the archive")

// maxArchiveFile bounds a file read back from the archive.
const maxArchiveFile = MaxBlobs*BlobCapacity + 4096

// Archive keeps sealed batches on disk, one file per index: it lets a restarted node continue the batch
// chain without rebuilding it, and it is the blob source of tests and of the verifier (L1 nodes do not serve
// included blob sidecars).
type Archive struct{ dir string }

type archived struct {
	Header  Header
	Payload []byte
}

// OpenArchive opens (creating) an archive directory.
func OpenArchive(dir string) (*Archive, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return &Archive{dir: dir}, nil
}

// Dir is the archive's directory.
func (a *Archive) Dir() string { return a.dir }

func (a *Archive) path(index uint64) string {
	return filepath.Join(a.dir, fmt.Sprintf("batch-%012d.rlp", index))
}

// Has reports whether the archive holds batch index.
func (a *Archive) Has(index uint64) bool {
	_, err := os.Stat(a.path(index))
	return err == nil
}

// Put stores a sealed batch atomically (write, sync, rename).
func (a *Archive) Put(s *Sealed) error {
	bz, err := rlp.EncodeToBytes(&archived{Header: s.Header, Payload: s.Payload})
	if err != nil {
		return err
	}
	tmp := a.path(s.Header.Index) + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(bz); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, a.path(s.Header.Index))
}

// Get loads batch index; for blob batches it repacks the blobs (commitments are left to the caller, see
// WithCommitments).
func (a *Archive) Get(index uint64) (*Sealed, error) {
	bz, err := os.ReadFile(a.path(index))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %d", ErrNotArchived, index)
	}
	if err != nil {
		return nil, err
	}
	if len(bz) > maxArchiveFile {
		return nil, fmt.Errorf("%w: archived batch %d is %d bytes", ErrTooLarge, index, len(bz))
	}
	var rec archived
	if err := rlp.DecodeBytes(bz, &rec); err != nil {
		return nil, fmt.Errorf("archived batch %d: %w", index, err)
	}
	if rec.Header.Index != index {
		return nil, fmt.Errorf("%w: file of batch %d holds batch %d", ErrBadContent, index, rec.Header.Index)
	}
	s := &Sealed{Header: rec.Header, Payload: rec.Payload}
	if s.Header.Medium == MediumBlobs {
		if s.Blobs, err = ToBlobs(s.Payload); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// WithCommitments fills the KZG commitments and versioned hashes of a blob batch loaded from the archive.
func (s *Sealed) WithCommitments() error {
	if s.Header.Medium != MediumBlobs || s.Commitments != nil {
		return nil
	}
	var err error
	s.Commitments, s.BlobHashes, err = Commitments(s.Blobs)
	return err
}
