package inference_test

import (
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/inference"
	"github.com/hyperion-rollup/hyperion/x/inference/convert"
)

func randMatrix(r *splitMix, rows, cols, gs int, exp uint8) inference.QMatrix {
	g := (cols + gs - 1) / gs
	m := inference.QMatrix{Rows: rows, Cols: cols, GroupSize: gs, Bits: 8, W8: make([]int8, rows*cols),
		Mant: make([]uint16, rows*g), Exp: make([]uint8, rows)}
	for i := range m.W8 {
		m.W8[i] = r.int8()
	}
	for i := range m.Mant {
		m.Mant[i] = uint16(1<<14 + r.next()%(1<<14))
	}
	for i := range m.Exp {
		m.Exp[i] = exp
	}
	return m
}

func ones(n int) []int32 {
	v := make([]int32, n)
	for i := range v {
		v[i] = inference.One
	}
	return v
}

// syntheticLlama builds a seeded random decoder of the given shape.
func syntheticLlama(seed uint64, c inference.LlamaConfig, gs int) *inference.Model {
	r := newSplitMix(seed)
	m := &inference.Llama{Config: c, FinalNorm: ones(c.Dim)}
	m.Embed = randMatrix(r, c.Vocab, c.Dim, gs, 21)
	m.Classifier = m.Embed
	for l := 0; l < c.Layers; l++ {
		m.Layers = append(m.Layers, inference.LlamaLayer{
			AttnNorm: ones(c.Dim), FFNNorm: ones(c.Dim),
			WQ: randMatrix(r, c.Dim, c.Dim, gs, 23), WK: randMatrix(r, c.KVDim(), c.Dim, gs, 23),
			WV: randMatrix(r, c.KVDim(), c.Dim, gs, 23), WO: randMatrix(r, c.Dim, c.Dim, gs, 24),
			W1: randMatrix(r, c.Hidden, c.Dim, gs, 23), W2: randMatrix(r, c.Dim, c.Hidden, gs, 24),
			W3: randMatrix(r, c.Hidden, c.Dim, gs, 23),
		})
	}
	m.RopeCos, m.RopeSin = convert.RopeTables(c.SeqLen, c.HeadDim())
	return &inference.Model{Arch: inference.ArchLlama, GroupSize: gs, Tables: convert.Tables(), Llama: m}
}

// shape260K is stories260K's shape with a shorter context.
var shape260K = inference.LlamaConfig{Dim: 64, Hidden: 172, Layers: 5, Heads: 8, KVHeads: 4, Vocab: 512,
	SeqLen: 128, SharedClassifier: true, NormEps: 42950}

func generate(t *testing.T, m *inference.Model, p inference.GenerateParams) *inference.Generation {
	g, err := m.Generate(p)
	require.NoError(t, err)
	return g
}

func TestSyntheticGolden(t *testing.T) {
	m := syntheticLlama(1, shape260K, 32)
	greedy := inference.GenerateParams{Prompt: []uint32{1, 20, 300}, MaxNewTokens: 16, StopToken: inference.NoStopToken}
	sampled := greedy
	sampled.TemperatureQ16, sampled.TopK, sampled.Seed = 52429, 40, 42 // T = 0.8
	for _, c := range []struct {
		name   string
		p      inference.GenerateParams
		tokens []uint32
		root   string
	}{
		{"greedy", greedy, goldenGreedyTokens, goldenGreedyRoot},
		{"sampled", sampled, goldenSampledTokens, goldenSampledRoot},
	} {
		a, b := generate(t, m, c.p), generate(t, m, c.p)
		require.Equal(t, a, b, "%s: not stable across runs", c.name)
		require.Equal(t, c.tokens, a.Tokens, c.name)
		require.Equal(t, c.root, hex.EncodeToString(a.TraceRoot[:]), c.name)
		require.Equal(t, 3+16-1, a.Positions)
	}
}

// Golden values of TestSyntheticGolden, computed once by this engine.
var (
	goldenGreedyTokens  = []uint32{162, 305, 305, 179, 355, 355, 355, 355, 355, 355, 371, 231, 235, 235, 439, 450}
	goldenGreedyRoot    = "97debec91ddbbecca00680765c60b68714d652e1a879d4378aaea4621bf75138"
	goldenSampledTokens = []uint32{162, 305, 305, 305, 305, 305, 122, 354, 507, 230, 363, 51, 51, 179, 345, 201}
	goldenSampledRoot   = "525fea02b78ad7cc7559d3e82071165b3f5454a86107b87865ac0f0993c08547"
)

func TestGenerateMatchesSession(t *testing.T) {
	m := syntheticLlama(2, shape260K, 32)
	g := generate(t, m, inference.GenerateParams{Prompt: []uint32{1, 5}, MaxNewTokens: 8, StopToken: inference.NoStopToken})
	s, err := m.NewSession(9)
	require.NoError(t, err)
	var logits []int32
	for _, tok := range []int{1, 5} {
		logits, err = s.Forward(tok)
		require.NoError(t, err)
	}
	var tokens []uint32
	for i := 0; i < 8; i++ {
		next := inference.Argmax(logits)
		tokens = append(tokens, uint32(next))
		if i < 7 {
			logits, err = s.Forward(next)
			require.NoError(t, err)
		}
	}
	require.Equal(t, tokens, g.Tokens)
	require.Equal(t, s.Trace().Root(), g.TraceRoot)
	require.Len(t, s.Trace().Leaves, 9*(shape260K.Layers+1))

	// top-1 sampling is greedy whatever the seed and temperature
	for seed := uint64(0); seed < 4; seed++ {
		k1 := generate(t, m, inference.GenerateParams{Prompt: []uint32{1, 5}, MaxNewTokens: 8, TemperatureQ16: 90000,
			TopK: 1, Seed: seed, StopToken: inference.NoStopToken})
		require.Equal(t, g.Tokens, k1.Tokens)
	}
	// the stop token ends generation and is not returned
	stop := generate(t, m, inference.GenerateParams{Prompt: []uint32{1, 5}, MaxNewTokens: 8, StopToken: g.Tokens[2]})
	require.True(t, stop.Stopped)
	require.Equal(t, g.Tokens[:slicesIndex(g.Tokens, g.Tokens[2])], stop.Tokens)
}

func slicesIndex(v []uint32, x uint32) int {
	for i, e := range v {
		if e == x {
			return i
		}
	}
	return -1
}

func TestSamplingDependsOnSeed(t *testing.T) {
	m := syntheticLlama(3, shape260K, 32)
	seen := map[string]bool{}
	for seed := uint64(0); seed < 6; seed++ {
		g := generate(t, m, inference.GenerateParams{Prompt: []uint32{1}, MaxNewTokens: 12, TemperatureQ16: 2 << 16,
			Seed: seed, StopToken: inference.NoStopToken})
		seen[hex.EncodeToString(g.TraceRoot[:])] = true
	}
	require.Greater(t, len(seen), 3, "different seeds should usually give different samples")
}

func TestGenerateRejectsBadInput(t *testing.T) {
	m := syntheticLlama(4, shape260K, 32)
	cases := []struct {
		p   inference.GenerateParams
		err error
	}{
		{inference.GenerateParams{}, inference.ErrBadToken},
		{inference.GenerateParams{Prompt: []uint32{512}, MaxNewTokens: 1}, inference.ErrBadToken},
		{inference.GenerateParams{Prompt: []uint32{1}, MaxNewTokens: 128}, inference.ErrContextFull},
		{inference.GenerateParams{Prompt: []uint32{1}, MaxNewTokens: 1, TopK: 513}, inference.ErrBadSampling},
	}
	for i, c := range cases {
		_, err := m.Generate(c.p)
		require.ErrorIs(t, err, c.err, "case %d", i)
	}
	_, err := m.Infer([]int32{1})
	require.ErrorIs(t, err, inference.ErrNotMLP)
}

func BenchmarkSynthetic260KTokens(b *testing.B) {
	m := syntheticLlama(1, shape260K, 32)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Generate(inference.GenerateParams{Prompt: []uint32{1}, MaxNewTokens: 64, StopToken: inference.NoStopToken}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(64*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// TestObserverSeesEveryMatrixInput: an observer sees each block's four
// matrix inputs in execution order and the classifier's, with the widths
// the matrices read, and changes no logit.
func TestObserverSeesEveryMatrixInput(t *testing.T) {
	m := syntheticLlama(3, shape260K, 32)
	c := &m.Llama.Config
	plain, err := m.NewSession(2)
	require.NoError(t, err)
	watched, err := m.NewSession(2)
	require.NoError(t, err)
	var seen []string
	watched.Observe(func(layer int, in inference.MatInput, x *inference.QVector) {
		seen = append(seen, fmt.Sprintf("%d/%d/%d", layer, in, len(x.Q)))
	})
	for _, tok := range []int{1, 7} {
		seen = seen[:0]
		want, err := plain.Forward(tok)
		require.NoError(t, err)
		got, err := watched.Forward(tok)
		require.NoError(t, err)
		require.Equal(t, want, got)
		var expect []string
		for l := 0; l < c.Layers; l++ {
			expect = append(expect, fmt.Sprintf("%d/0/%d", l, c.Dim), fmt.Sprintf("%d/1/%d", l, c.Dim),
				fmt.Sprintf("%d/2/%d", l, c.Dim), fmt.Sprintf("%d/3/%d", l, c.Hidden))
		}
		require.Equal(t, append(expect, fmt.Sprintf("%d/4/%d", c.Layers, c.Dim)), seen)
	}
}
