package inference

import "fmt"

func (r *reader) llamaConfig() LlamaConfig {
	c := LlamaConfig{
		Dim: r.dim(MaxDim), Hidden: r.dim(MaxHidden), Layers: r.dim(MaxLayers),
		Heads: r.dim(MaxHeads), KVHeads: r.dim(MaxHeads), Vocab: r.dim(MaxVocab),
		SeqLen: r.dim(MaxSeqLen),
	}
	shared := r.u32()
	c.SharedClassifier = shared == 1
	c.NormEps = int64(r.u64())
	if r.err != nil {
		return c
	}
	if err := c.Validate(); err != nil {
		r.err = err
	} else if shared > 1 {
		r.err = fmt.Errorf("%w: shared classifier flag %d", ErrBadDims, shared)
	}
	return c
}

// Validate checks the relations between the dimensions.
func (c *LlamaConfig) Validate() error {
	switch {
	case c.Dim <= 0 || c.Heads <= 0 || c.KVHeads <= 0 || c.Hidden <= 0 || c.Layers <= 0:
		return fmt.Errorf("%w: non-positive dimension", ErrBadDims)
	case c.Vocab <= 0 || c.SeqLen <= 0:
		return fmt.Errorf("%w: non-positive vocab or seq_len", ErrBadDims)
	case c.Dim%c.Heads != 0 || c.HeadDim()%2 != 0:
		return fmt.Errorf("%w: dim %d, heads %d", ErrBadDims, c.Dim, c.Heads)
	case c.KVHeads > c.Heads || c.Heads%c.KVHeads != 0:
		return fmt.Errorf("%w: heads %d, kv heads %d", ErrBadDims, c.Heads, c.KVHeads)
	case c.NormEps < 1 || c.NormEps > 1<<32:
		return fmt.Errorf("%w: norm epsilon %d", ErrBadDims, c.NormEps)
	}
	return nil
}

func (r *reader) llama(gs int) *Llama {
	c := r.llamaConfig()
	if r.err != nil {
		return nil
	}
	m := &Llama{Config: c}
	m.Embed = r.matrix(c.Vocab, c.Dim, gs)
	m.Layers = make([]LlamaLayer, 0, min(c.Layers, len(r.buf)-r.off))
	for i := 0; i < c.Layers && r.err == nil; i++ {
		m.Layers = append(m.Layers, r.llamaLayer(&c, gs))
	}
	m.FinalNorm = r.int32s(uint64(c.Dim), maxInt32)
	if c.SharedClassifier {
		m.Classifier = m.Embed
	} else {
		m.Classifier = r.matrix(c.Vocab, c.Dim, gs)
	}
	rope := uint64(c.SeqLen) * uint64(c.HeadDim()/2)
	m.RopeCos = r.int32s(rope, maxTableAbs)
	m.RopeSin = r.int32s(rope, maxTableAbs)
	return m
}

func (r *reader) llamaLayer(c *LlamaConfig, gs int) LlamaLayer {
	var l LlamaLayer
	l.AttnNorm = r.int32s(uint64(c.Dim), maxInt32)
	l.WQ = r.matrix(c.Dim, c.Dim, gs)
	l.WK = r.matrix(c.KVDim(), c.Dim, gs)
	l.WV = r.matrix(c.KVDim(), c.Dim, gs)
	l.WO = r.matrix(c.Dim, c.Dim, gs)
	l.FFNNorm = r.int32s(uint64(c.Dim), maxInt32)
	l.W1 = r.matrix(c.Hidden, c.Dim, gs)
	l.W2 = r.matrix(c.Dim, c.Hidden, gs)
	l.W3 = r.matrix(c.Hidden, c.Dim, gs)
	return l
}
