package convert

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// storiesPath is ../shared/models/stories260K.bin relative to the project root.
var storiesPath = filepath.Join("..", "..", "..", "..", "shared", "models", "stories260K.bin")

func loadStories(t testing.TB) (*FloatLlama, *inference.Model, []byte) {
	return loadStoriesAt(t, Wide)
}

func loadStoriesAt(t testing.TB, p Precision) (*FloatLlama, *inference.Model, []byte) {
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

// Pinned results for stories260K converted at the Wide precision (int16
// weights, groups of 32), computed once by this converter and engine.
const (
	storiesModelID   = "b70b2dad296021796adbecf1200a176de16bea324ccaad48441678c9242f7b13"
	storiesTraceRoot = "57264f809ef2f51431b594171ba96aeb420e807356a14c5f86b13db17cf148d9"
)

var storiesGreedy = []uint32{
	461, 401, 401, 401, 461, 378, 455, 473, 456, 435, 299, 362, 409, 283, 264, 283, 452, 288, 13, 431, 431, 431, 431, 431, 431, 431, 431, 431, 431, 431, 431, 431, 293, 430, 417, 363, 417, 494, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 333, 356, 437, 422, 310, 421, 283, 408, 390, 350, 285,
}

func TestStoriesConversionIsDeterministic(t *testing.T) {
	_, _, a := loadStories(t)
	_, _, b := loadStories(t)
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

// TestStoriesAgreesWithFloat is the accuracy gate on 512 positions.
// Measured: int16 weights 99.6%, int8 weights 90.0% (int8 cannot reach 95%
// on this model: even int8 weights with float activations, 8-wide groups and
// an exact classifier stay near 95%, see the package doc).
func TestStoriesAgreesWithFloat(t *testing.T) {
	wide, r := agreement(t, Wide)
	t.Logf("int16 weights: agreement %.1f%% (first sequence: %v)", 100*wide, r)
	require.GreaterOrEqual(t, wide, 0.95)
	require.Less(t, r.MeanAbsLogit, 0.02*r.MeanLogitScale)
	narrow, r := agreement(t, Int8)
	t.Logf("int8 weights: agreement %.1f%% (first sequence: %v)", 100*narrow, r)
	require.GreaterOrEqual(t, narrow, 0.85)
	require.Less(t, r.MeanAbsLogit, 0.15*r.MeanLogitScale)
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
