package batch

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

// Codec is a compression algorithm for batch payloads. It is a consensus parameter: every validator must
// produce the same bytes for the same batch, so each codec runs at a fixed level with a fixed library
// version.
type Codec uint8

// The codecs; the byte values are part of the batch encoding.
const (
	CodecNone   Codec = 0
	CodecZlib   Codec = 1
	CodecBrotli Codec = 2
	CodecZstd   Codec = 3
)

// DefaultCodec is the codec chosen by the measurement in codec_bench_test.go (ratio × speed on a realistic
// transaction mix; see docs/BENCHMARKS.md).
const DefaultCodec = CodecZstd

// Codecs lists every codec, in byte order.
var Codecs = []Codec{CodecNone, CodecZlib, CodecBrotli, CodecZstd}

// Fixed compression levels.
const (
	zlibLevel   = zlib.BestCompression
	brotliLevel = 6
	zstdLevel   = zstd.SpeedBetterCompression
)

// MaxDecompressedBytes bounds what a batch payload may decompress to.
const MaxDecompressedBytes = 64 << 20

// ErrUnknownCodec is returned for a codec byte that names no codec.
var ErrUnknownCodec = errors.New("batch: unknown codec")

// String names the codec.
func (c Codec) String() string {
	switch c {
	case CodecNone:
		return "none"
	case CodecZlib:
		return "zlib"
	case CodecBrotli:
		return "brotli"
	case CodecZstd:
		return "zstd"
	}
	return fmt.Sprintf("codec(%d)", uint8(c))
}

// ParseCodec is the inverse of String.
func ParseCodec(s string) (Codec, error) {
	for _, c := range Codecs {
		if c.String() == s {
			return c, nil
		}
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownCodec, s)
}

// Compress compresses data with the codec.
func (c Codec) Compress(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	switch c {
	case CodecNone:
		return bytes.Clone(data), nil
	case CodecZlib:
		w, err := zlib.NewWriterLevel(&buf, zlibLevel)
		if err != nil {
			return nil, err
		}
		return finish(&buf, w, data)
	case CodecBrotli:
		return finish(&buf, brotli.NewWriterLevel(&buf, brotliLevel), data)
	case CodecZstd:
		return zstdEncoder().EncodeAll(data, nil), nil
	}
	return nil, fmt.Errorf("%w: %d", ErrUnknownCodec, c)
}

func finish(buf *bytes.Buffer, w io.WriteCloser, data []byte) ([]byte, error) {
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Decompress inverts Compress, refusing output above MaxDecompressedBytes.
func (c Codec) Decompress(data []byte) ([]byte, error) {
	var r io.Reader
	switch c {
	case CodecNone:
		if len(data) > MaxDecompressedBytes {
			return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(data))
		}
		return bytes.Clone(data), nil
	case CodecZlib:
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%w: zlib: %v", ErrBadContent, err)
		}
		defer zr.Close()
		r = zr
	case CodecBrotli:
		r = brotli.NewReader(bytes.NewReader(data))
	case CodecZstd:
		zr, err := zstd.NewReader(bytes.NewReader(data), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxDecompressedBytes))
		if err != nil {
			return nil, fmt.Errorf("%w: zstd: %v", ErrBadContent, err)
		}
		defer zr.Close()
		r = zr
	default:
		return nil, fmt.Errorf("%w: %d", ErrUnknownCodec, c)
	}
	return readBounded(r)
}

func readBounded(r io.Reader) ([]byte, error) {
	out, err := io.ReadAll(io.LimitReader(r, MaxDecompressedBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: decompress: %v", ErrBadContent, err)
	}
	if len(out) > MaxDecompressedBytes {
		return nil, fmt.Errorf("%w: decompresses past %d bytes", ErrTooLarge, MaxDecompressedBytes)
	}
	return out, nil
}

var (
	zstdOnce sync.Once
	zstdEnc  *zstd.Encoder
)

// zstdEncoder is shared: EncodeAll is safe for concurrent use and deterministic at a fixed level.
func zstdEncoder() *zstd.Encoder {
	zstdOnce.Do(func() {
		var err error
		zstdEnc, err = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstdLevel), zstd.WithEncoderConcurrency(1))
		if err != nil {
			panic(err) // only on invalid options, which are constants
		}
	})
	return zstdEnc
}
