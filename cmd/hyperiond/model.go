package main

import (
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hyperion-rollup/hyperion/x/inference"
	"github.com/hyperion-rollup/hyperion/x/inference/convert"
)

// Flags of the model commands.
const (
	flagModelFrom       = "from"
	flagModelOut        = "out"
	flagModelBits       = "bits"
	flagModelClsBits    = "classifier-bits"
	flagModelEmbedBits  = "embed-bits"
	flagModelCalibrate  = "calibrate"
	flagModelGroup      = "group-size"
	flagModelFile       = "model"
	flagModelPrompt     = "prompt"
	flagModelMaxNew     = "max-new"
	flagModelSeed       = "seed"
	flagModelTempQ16    = "temperature-q16"
	flagModelTopK       = "top-k"
	flagModelStop       = "stop"
	modelSamplePosition = 128 // teacher-forcing sample for the error report
)

func newModelCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "model", Short: "Convert and run inference models (offline tools)"}
	cmd.AddCommand(newModelConvertCmd(), newModelTraceCmd())
	return cmd
}

func newModelConvertCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "convert --from llama2c|gguf|mlp IN --out OUT",
		Short: "Convert a float or GGUF model to the canonical integer format and report its error",
		Args:  cobra.ExactArgs(1),
		RunE:  runModelConvert,
	}
	cmd.Flags().String(flagModelFrom, "", "source format: llama2c, gguf or mlp (JSON, see x/inference/convert)")
	cmd.Flags().String(flagModelOut, "", "output model file")
	cmd.Flags().Int(flagModelBits, 8, "weight width of the transformer blocks: 8 or 16")
	cmd.Flags().Int(flagModelClsBits, 8, "weight width of the classifier (and of a tied embedding): 8 or 16")
	cmd.Flags().Int(flagModelEmbedBits, 16, "llama2c: width of the embedding lookup table, stored apart from the classifier: 8 or 16 (0: shared with a tied classifier)")
	cmd.Flags().Bool(flagModelCalibrate, true, "llama2c: GPTQ error compensation on a self-generated sample (false: round to nearest)")
	cmd.Flags().Int(flagModelGroup, 32, "quantization group size (llama2c, mlp; GGUF Q8_0 is always 32)")
	_ = cmd.MarkFlagRequired(flagModelFrom)
	_ = cmd.MarkFlagRequired(flagModelOut)
	return cmd
}

func runModelConvert(cmd *cobra.Command, args []string) error {
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	p, err := precisionFlags(cmd)
	if err != nil {
		return err
	}
	from, _ := cmd.Flags().GetString(flagModelFrom)
	w := cmd.OutOrStdout()
	var m *inference.Model
	switch from {
	case "llama2c":
		m, err = convertLlama2C(w, data, p)
	case "gguf":
		m, err = convertGGUF(w, data, p)
	case "mlp":
		m, err = convertMLP(w, data, p.GroupSize)
	default:
		return fmt.Errorf("--%s must be llama2c, gguf or mlp, not %q", flagModelFrom, from)
	}
	if err != nil {
		return err
	}
	return writeModel(cmd, w, m)
}

func precisionFlags(cmd *cobra.Command) (convert.Precision, error) {
	bits, _ := cmd.Flags().GetInt(flagModelBits)
	cls, _ := cmd.Flags().GetInt(flagModelClsBits)
	embed, _ := cmd.Flags().GetInt(flagModelEmbedBits)
	calibrate, _ := cmd.Flags().GetBool(flagModelCalibrate)
	gs, _ := cmd.Flags().GetInt(flagModelGroup)
	if gs < 1 || gs > inference.MaxGroupSize {
		return convert.Precision{}, fmt.Errorf("--%s must be in [1, %d]", flagModelGroup, inference.MaxGroupSize)
	}
	if embed != 0 && embed != 8 && embed != 16 {
		return convert.Precision{}, fmt.Errorf("--%s must be 0, 8 or 16", flagModelEmbedBits)
	}
	return convert.Precision{GroupSize: gs, BlockBits: bits, ClassifierBits: cls, EmbedBits: embed, Calibrated: calibrate}, nil
}

func writeModel(cmd *cobra.Command, w io.Writer, m *inference.Model) error {
	file, err := inference.Encode(m)
	if err != nil {
		return err
	}
	out, _ := cmd.Flags().GetString(flagModelOut)
	if err := os.WriteFile(out, file, 0o644); err != nil {
		return err
	}
	id := inference.ModelID(file)
	fmt.Fprintf(w, "wrote %s (%d bytes)\nmodel id: %s\n", out, len(file), hex.EncodeToString(id[:]))
	return nil
}

func convertLlama2C(w io.Writer, data []byte, p convert.Precision) (*inference.Model, error) {
	f, err := convert.ReadLlama2C(data)
	if err != nil {
		return nil, err
	}
	m, err := f.Quantize(p)
	if err != nil {
		return nil, err
	}
	worst := convert.TensorError{}
	for _, e := range convert.WeightErrors(f, m) {
		if e.RelRMSE > worst.RelRMSE {
			worst = e
		}
	}
	fmt.Fprintf(w, "weights: worst relative RMSE %.5f (%s), max abs %.6f\n", worst.RelRMSE, worst.Name, worst.MaxAbs)
	return m, reportLlama(w, m, f)
}

func convertGGUF(w io.Writer, data []byte, p convert.Precision) (*inference.Model, error) {
	m, f, rep, err := convert.ConvertGGUF(data, p)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "gguf: %d Q8_0 tensors copied (lossless: %v, %d inexact groups), %d F32/F16 tensors quantized\n",
		rep.Q8Tensors, rep.Lossless(), rep.InexactGroups, rep.OtherTensors)
	return m, reportLlama(w, m, f)
}

// reportLlama prints the teacher-forced agreement on the float model's
// greedy continuation of token 1.
func reportLlama(w io.Writer, m *inference.Model, f *convert.FloatLlama) error {
	n := min(modelSamplePosition, f.Config.SeqLen)
	r, err := convert.CompareLlama(m, f, convert.GreedyFloat(f, []int{1}, n-1))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "sample (teacher forcing from token 1): %s\n", r)
	return nil
}

func convertMLP(w io.Writer, data []byte, gs int) (*inference.Model, error) {
	f, err := convert.ReadMLPJSON(data)
	if err != nil {
		return nil, err
	}
	m, err := f.Quantize(gs)
	if err != nil {
		return nil, err
	}
	r, err := convert.CompareMLP(m, f, 256, 1)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "sample (256 seeded inputs in [-1, 1)): %s\n", r)
	return m, nil
}

func newModelTraceCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trace --model FILE --prompt 1,2,3 --max-new N",
		Short: "Run a decoder model and print the generated tokens and the trace root",
		Args:  cobra.NoArgs,
		RunE:  runModelTrace,
	}
	f := cmd.Flags()
	f.String(flagModelFile, "", "canonical model file")
	f.String(flagModelPrompt, "", "prompt token ids, comma separated")
	f.Uint32(flagModelMaxNew, 16, "maximum new tokens")
	f.Uint64(flagModelSeed, 0, "sampling seed")
	f.Uint32(flagModelTempQ16, 0, "temperature in Q16 (0: greedy)")
	f.Uint32(flagModelTopK, 0, "top-k (0: engine default)")
	f.Uint32(flagModelStop, inference.NoStopToken, "stop token (default none)")
	_ = cmd.MarkFlagRequired(flagModelFile)
	_ = cmd.MarkFlagRequired(flagModelPrompt)
	return cmd
}

func runModelTrace(cmd *cobra.Command, _ []string) error {
	path, _ := cmd.Flags().GetString(flagModelFile)
	file, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	m, err := inference.Decode(file)
	if err != nil {
		return err
	}
	p, err := traceParams(cmd)
	if err != nil {
		return err
	}
	g, err := m.Generate(p)
	if err != nil {
		return err
	}
	id := inference.ModelID(file)
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "model id: %s\ntokens: %s\nstopped: %v\npositions: %d\ntrace root: 0x%s\n",
		hex.EncodeToString(id[:]), joinTokens(g.Tokens), g.Stopped, g.Positions, hex.EncodeToString(g.TraceRoot[:]))
	return nil
}

func traceParams(cmd *cobra.Command) (inference.GenerateParams, error) {
	f := cmd.Flags()
	var p inference.GenerateParams
	prompt, _ := f.GetString(flagModelPrompt)
	for _, s := range strings.Split(prompt, ",") {
		v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
		if err != nil {
			return p, fmt.Errorf("--%s: %q is not a token id", flagModelPrompt, s)
		}
		p.Prompt = append(p.Prompt, uint32(v))
	}
	p.MaxNewTokens, _ = f.GetUint32(flagModelMaxNew)
	p.Seed, _ = f.GetUint64(flagModelSeed)
	p.TemperatureQ16, _ = f.GetUint32(flagModelTempQ16)
	p.TopK, _ = f.GetUint32(flagModelTopK)
	p.StopToken, _ = f.GetUint32(flagModelStop)
	return p, nil
}

func joinTokens(tokens []uint32) string {
	s := make([]string, len(tokens))
	for i, t := range tokens {
		s[i] = strconv.FormatUint(uint64(t), 10)
	}
	return strings.Join(s, ",")
}
