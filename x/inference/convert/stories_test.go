package convert

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// storiesPath is ../shared/models/stories260K.bin relative to the project root.
var storiesPath = filepath.Join("..", "..", "..", "..", "shared", "models", "stories260K.bin")

// goldenPrecision is the pinned conversion: every matrix product has int8
// weights (GPTQ-compensated), the embedding table is int16.
var goldenPrecision = Int8WideLookup

func loadStories(t testing.TB) (*FloatLlama, *inference.Model, []byte) {
	return loadStoriesAt(t, goldenPrecision)
}

// converted caches the conversions of stories260K by precision (a
// calibrated one takes a second or two).
var converted sync.Map // Precision -> *convertedModel

type convertedModel struct {
	f    *FloatLlama
	m    *inference.Model
	file []byte
}

func loadStoriesAt(t testing.TB, p Precision) (*FloatLlama, *inference.Model, []byte) {
	if c, ok := converted.Load(p); ok {
		c := c.(*convertedModel)
		return c.f, c.m, c.file
	}
	f, m, file := convertStories(t, p)
	converted.Store(p, &convertedModel{f, m, file})
	return f, m, file
}

// convertStories reads and converts stories260K, skipping the test when
// the file is not there.
func convertStories(t testing.TB, p Precision) (*FloatLlama, *inference.Model, []byte) {
	data, err := os.ReadFile(storiesPath)
	if err != nil {
		t.Skipf("stories260K not available: %v", err)
	}
	f, err := ReadLlama2C(data)
	require.NoError(t, err)
	m, err := f.Quantize(p)
	require.NoError(t, err)
	file, err := inference.Encode(m)
	require.NoError(t, err)
	return f, m, file
}

// Pinned results for stories260K converted at goldenPrecision (int8
// matrices in groups of 32, int16 embedding table), computed once by this
// converter and engine.
const (
	storiesModelID   = "266ac31ebc95bf96949f32d7b21c6a00153d074ec34366bc57eefdebfa8405f7"
	storiesTraceRoot = "3759a6c5b663ed0c0f3296c8810bb94d71bf22e7718bdc033fb3e182216d9767"
)

var storiesGreedy = []uint32{
	461, 401, 401, 401, 461, 378, 455, 473, 456, 435, 299, 362, 409, 283, 264, 283, 452, 288, 13, 431, 431, 431, 431, 431, 431, 431, 431, 431, 431, 431, 431, 431, 461, 410, 477, 327, 306, 277, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 424, 466, 469,
}

func TestStoriesConversionIsDeterministic(t *testing.T) {
	_, _, a := loadStories(t)
	_, _, b := convertStories(t, goldenPrecision) // not the cached one
	require.Equal(t, a, b)
	id := inference.ModelID(a)
	require.Equal(t, storiesModelID, hex.EncodeToString(id[:]))
}

func TestStoriesWeightError(t *testing.T) {
	for _, c := range []struct {
		p        Precision
		min, max float64
	}{{Int8, 0.001, 0.01}, {Wide, 1e-6, 5e-5}} { // int8: ~0.5%; int16: ~0.002%
		f, m, _ := loadStoriesAt(t, c.p)
		errs := WeightErrors(f, m)
		require.Len(t, errs, 1+7*f.Config.Layers)
		for _, e := range errs {
			require.Less(t, e.RelRMSE, c.max, e.Name)
			require.Greater(t, e.RelRMSE, c.min, e.Name)
		}
	}
}

// agreementSample is the fixed teacher-forcing sample: the float model's
// greedy continuation of each prompt, 128 positions each.
func agreementSample(f *FloatLlama) [][]int {
	var out [][]int
	for _, p := range [][]int{{1}, {1, 461}, {1, 300}, {1, 100, 200}} {
		out = append(out, GreedyFloat(f, p, 128-len(p)))
	}
	return out
}

func agreement(t *testing.T, p Precision) (float64, *SampleReport) {
	f, m, _ := loadStoriesAt(t, p)
	var agree, n int
	var first *SampleReport
	for _, s := range agreementSample(f) {
		r, err := CompareLlama(m, f, s)
		require.NoError(t, err)
		if first == nil {
			first = r
		}
		agree, n = agree+r.Top1Agree, n+r.Positions
	}
	return float64(agree) / float64(n), first
}

// TestStoriesAgreesWithFloat is the accuracy gate on 512 positions
// (the calibration sample is sampled text, so these greedy continuations are
// held out). Measured: int16 weights 99.6%; int8 matrices with an int16
// embedding table (GPTQ) 95.3%; int8 everywhere 93.2% with GPTQ, 90.0%
// rounded to nearest. The int8 error is dominated by the embedding table
// (alone it costs ~5 points: its rows enter the residual stream unweighted
// and every later block amplifies them) and layer 0.
func TestStoriesAgreesWithFloat(t *testing.T) {
	for _, c := range []struct {
		name   string
		p      Precision
		min    float64
		maxErr float64 // mean |logit error| / mean |logit| of the first sequence
	}{
		{"int16", Wide, 0.95, 0.02},
		{"int8 matrices, int16 embedding, GPTQ", Int8WideLookup, 0.95, 0.07},
		{"int8, GPTQ", Int8GPTQ, 0.92, 0.09},
		{"int8, round to nearest", Int8, 0.85, 0.15},
	} {
		a, r := agreement(t, c.p)
		t.Logf("%s: agreement %.1f%% (first sequence: %v)", c.name, 100*a, r)
		require.GreaterOrEqual(t, a, c.min, c.name)
		require.Less(t, r.MeanAbsLogit, c.maxErr*r.MeanLogitScale, c.name)
	}
}

func TestStoriesGreedyGolden(t *testing.T) {
	_, _, file := loadStories(t)
	m, err := inference.Decode(file)
	require.NoError(t, err)
	p := inference.GenerateParams{Prompt: []uint32{1, 461}, MaxNewTokens: 64, StopToken: inference.NoStopToken}
	a, err := m.Generate(p)
	require.NoError(t, err)
	b, err := m.Generate(p)
	require.NoError(t, err)
	require.Equal(t, a, b)
	require.Equal(t, storiesGreedy, a.Tokens)
	require.Equal(t, storiesTraceRoot, hex.EncodeToString(a.TraceRoot[:]))
	distinct := map[uint32]bool{}
	for _, tok := range a.Tokens {
		distinct[tok] = true
	}
	require.Greater(t, len(distinct), 16, "generation should not collapse to a few tokens")
}

func TestReadLlama2CRejectsMalformed(t *testing.T) {
	data, err := os.ReadFile(storiesPath)
	if err != nil {
		t.Skip(err)
	}
	for _, b := range [][]byte{nil, data[:20], data[:len(data)-4], append(append([]byte(nil), data...), 0, 0, 0, 0)} {
		_, err := ReadLlama2C(b)
		require.ErrorIs(t, err, ErrBadCheckpoint)
	}
	bad := append([]byte(nil), data...)
	bad[12] = 3 // 3 heads do not divide dim 64
	_, err = ReadLlama2C(bad)
	require.ErrorIs(t, err, ErrBadCheckpoint)
}
