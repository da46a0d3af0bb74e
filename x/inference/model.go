package inference

import (
	"crypto/sha256"
	"errors"
)

// Arch identifies a model architecture.
type Arch uint16

// Architectures of the model format.
const (
	ArchMLP   Arch = 1 // dense layers with optional ReLU, logits out
	ArchLlama Arch = 2 // llama2.c-family decoder (RMSNorm, RoPE, GQA, SwiGLU)
)

// Activation is the non-linearity applied after a dense layer.
type Activation uint32

// Dense-layer activations.
const (
	ActNone Activation = 0
	ActReLU Activation = 1
)

// ID is a model's content address: the sha256 of its canonical file.
type ID [32]byte

// ModelID returns the content address of a canonical model file.
func ModelID(file []byte) ID { return sha256.Sum256(file) }

// Model is a decoded canonical model. Exactly one of MLP and Llama is set.
type Model struct {
	Arch      Arch
	GroupSize int
	Tables    Tables
	MLP       *MLP
	Llama     *Llama
}

// DenseLayer is y = act(W x + Bias), with W of shape out x in.
type DenseLayer struct {
	W    QMatrix
	Bias []int32 // Q16, len W.Rows
	Act  Activation
}

// MLP is a feed-forward classifier: Q16 input vector in, Q16 logits out.
type MLP struct {
	InputDim int
	Layers   []DenseLayer
}

// LlamaConfig holds the dimensions of a Llama-style decoder.
type LlamaConfig struct {
	Dim, Hidden, Layers, Heads, KVHeads, Vocab, SeqLen int
	// SharedClassifier is set when the classifier reuses the embedding.
	SharedClassifier bool
	// NormEps is the RMSNorm epsilon in Q32 (>= 1).
	NormEps int64
}

// HeadDim returns the per-head dimension.
func (c *LlamaConfig) HeadDim() int { return c.Dim / c.Heads }

// KVDim returns the width of the key and value projections.
func (c *LlamaConfig) KVDim() int { return c.KVHeads * c.HeadDim() }

// LlamaLayer holds one transformer block.
type LlamaLayer struct {
	AttnNorm       []int32 // Q16, len Dim
	WQ, WK, WV, WO QMatrix
	FFNNorm        []int32 // Q16, len Dim
	W1, W2, W3     QMatrix // W1, W3: Hidden x Dim; W2: Dim x Hidden
}

// Llama is a llama2.c-family decoder.
type Llama struct {
	Config     LlamaConfig
	Embed      QMatrix // Vocab x Dim
	Layers     []LlamaLayer
	FinalNorm  []int32 // Q16, len Dim
	Classifier QMatrix // Vocab x Dim; equals Embed when SharedClassifier
	// RopeCos and RopeSin hold cos/sin(pos * theta_i) in Q30 at index
	// pos*HeadDim/2 + i.
	RopeCos, RopeSin []int32
}

// Errors returned by Decode and Encode.
var (
	ErrBadMagic      = errors.New("inference: not a model file (bad magic)")
	ErrBadVersion    = errors.New("inference: unsupported model format version")
	ErrBadArch       = errors.New("inference: unknown model architecture")
	ErrTruncated     = errors.New("inference: model file truncated")
	ErrTrailingBytes = errors.New("inference: trailing bytes after model")
	ErrTooLarge      = errors.New("inference: model file too large")
	ErrBadDims       = errors.New("inference: invalid model dimensions")
	ErrBadTensor     = errors.New("inference: invalid tensor values")
	ErrBadTable      = errors.New("inference: invalid lookup table")
)

// Limits on what a model file may declare. They bound every allocation the
// decoder and the forward pass make.
const (
	FormatVersion  = 2
	MaxModelBytes  = 64 << 20
	MaxGroupSize   = 256
	MaxScaleExp    = 62
	MaxMantissa    = 1<<15 - 1
	MaxDim         = 8192
	MaxHidden      = 32768
	MaxLayers      = 128
	MaxHeads       = 256
	MaxVocab       = 262144
	MaxSeqLen      = 4096
	MaxMLPLayers   = 64
	MaxMLPWidth    = 65536
	maxTableAbs    = 1 << 30
	maxSiLUAbs     = 1 << 22
	magic          = "HYQM"
	headerFixedLen = 4 + 2 + 2 + 4
)
