package convert

import (
	"testing"
	"time"

	"github.com/hyperion-rollup/hyperion/x/inference"
)

// shape15M is stories15M's shape (llama2.c's tinyllamas).
var shape15M = inference.LlamaConfig{Dim: 288, Hidden: 768, Layers: 6, Heads: 6, KVHeads: 6, Vocab: 32000,
	SeqLen: 256, SharedClassifier: true, NormEps: 42950}

// syntheticFloat builds a seeded random float decoder of shape c: weights
// uniform in +-0.5/sqrt(fan-in), norms 1.
func syntheticFloat(seed uint64, c inference.LlamaConfig) *FloatLlama {
	rng := splitMix(seed)
	fill := func(n, fanIn int) []float32 {
		v := make([]float32, n)
		a := 1 / float32(fanIn)
		for i := range v {
			v[i] = (float32(rng.unit())*2 - 1) * 32 * a
		}
		return v
	}
	ones := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = 1
		}
		return v
	}
	d, kv, h := c.Dim, c.KVDim(), c.Hidden
	f := &FloatLlama{Config: c, Embed: fill(c.Vocab*d, d), FinalNorm: ones(d)}
	for l := 0; l < c.Layers; l++ {
		f.Layers = append(f.Layers, FloatLayer{AttnNorm: ones(d), FFNNorm: ones(d),
			WQ: fill(d*d, d), WK: fill(kv*d, d), WV: fill(kv*d, d), WO: fill(d*d, d),
			W1: fill(h*d, d), W2: fill(d*h, h), W3: fill(h*d, d)})
	}
	f.Classifier = f.Embed
	return f
}

// benchDecoders runs the integer engine at each precision and the float32
// pass side by side, generating n tokens greedily after token 1.
func benchDecoders(b *testing.B, f *FloatLlama, n int, precisions map[string]Precision) {
	for _, name := range []string{"int8", "int16"} {
		p, ok := precisions[name]
		if !ok {
			continue
		}
		m, err := f.Quantize(p)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			params := inference.GenerateParams{Prompt: []uint32{1}, MaxNewTokens: uint32(n), StopToken: inference.NoStopToken}
			for i := 0; i < b.N; i++ {
				if _, err := m.Generate(params); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
	b.Run("float32", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			GreedyFloat(f, []int{1}, n)
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
	})
	for _, name := range []string{"int8", "int16"} {
		if p, ok := precisions[name]; ok {
			b.Run("ratio-"+name, func(b *testing.B) { benchRatio(b, f, p, n) })
		}
	}
}

// benchRatio alternates integer and float generations and reports the
// speed ratio from CPU time, which a busy shared machine distorts less
// than wall time; ns/gas divides the integer CPU time by the gas the
// precompile would charge for the same call (default parameters).
func benchRatio(b *testing.B, f *FloatLlama, p Precision, n int) {
	m, err := f.Quantize(p)
	if err != nil {
		b.Fatal(err)
	}
	params := inference.GenerateParams{Prompt: []uint32{1}, MaxNewTokens: uint32(n), StopToken: inference.NoStopToken}
	var intCPU, floatCPU time.Duration
	for i := 0; i < b.N; i++ {
		t0 := cpuTime()
		if _, err := m.Generate(params); err != nil {
			b.Fatal(err)
		}
		t1 := cpuTime()
		GreedyFloat(f, []int{1}, n)
		intCPU, floatCPU = intCPU+t1-t0, floatCPU+cpuTime()-t1
	}
	gas := inference.DefaultGasParams.GenerateGas(&m.Llama.Config, 1, uint64(n), 1, uint64(n)+8)
	b.ReportMetric(float64(n*b.N)/intCPU.Seconds(), "int-tok/s")
	b.ReportMetric(float64(n*b.N)/floatCPU.Seconds(), "float-tok/s")
	b.ReportMetric(floatCPU.Seconds()/intCPU.Seconds(), "int/float")
	b.ReportMetric(float64(intCPU.Nanoseconds())/float64(b.N)/float64(gas), "ns/gas")
}

func BenchmarkStories260K(b *testing.B) {
	f, _, _ := loadStories(b)
	benchDecoders(b, f, 64, map[string]Precision{"int8": goldenPrecision, "int16": Wide})
}

func BenchmarkSynthetic15M(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 15M-parameter model")
	}
	f := syntheticFloat(15, shape15M)
	// Round to nearest: calibrating a 15M model costs minutes, and GPTQ
	// changes the weights, not the arithmetic.
	benchDecoders(b, f, 16, map[string]Precision{"int8": Int8, "int16": Wide})
}
