package batch

import (
	"testing"
)

// BenchmarkCodec measures each codec on a realistic batch (60 blocks × 50 txs of the txMix workload) in
// the version-2 column layout: compression ratio, compression and decompression speed (MB/s of the
// uncompressed body) and the payload bytes per user transaction. The default codec is the one with the
// best ratio × compression speed.
func BenchmarkCodec(b *testing.B) {
	const blocks, txs = 60, 50
	raw := encodeSpan(newTxMix(b, 500).batch(b, 0, 1, blocks, txs))
	for _, c := range Codecs {
		b.Run(c.String(), func(b *testing.B) {
			z, err := c.Compress(raw)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(raw)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Compress(raw); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(len(raw))/float64(len(z)), "ratio")
			b.ReportMetric(float64(len(z))/float64(blocks*txs), "bytes/tx")
		})
		b.Run(c.String()+"/decompress", func(b *testing.B) {
			z, _ := c.Compress(raw)
			b.SetBytes(int64(len(raw)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Decompress(z); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPayload measures the whole payload path with the default codec on the same realistic batch,
// for the version-1 (RLP) and version-2 (column) layouts: Encode and Decode time per batch and per
// transaction, and the payload bytes per user transaction.
func BenchmarkPayload(b *testing.B) {
	const blocks, txs = 60, 50
	batch := newTxMix(b, 500).batch(b, 0, 1, blocks, txs)
	for _, v := range []struct {
		name   string
		encode func(Codec) ([]byte, error)
		decode func([]byte) error
	}{
		{"v1-rlp", func(c Codec) ([]byte, error) { return encodeV1(batch, c) }, decodeV1},
		{"v2-columns", batch.Encode, func(p []byte) error { _, _, err := Decode(p); return err }},
	} {
		payload, err := v.encode(DefaultCodec)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(v.name+"/encode", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := v.encode(DefaultCodec); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(payload))/float64(blocks*txs), "bytes/tx")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*blocks*txs), "ns/tx")
		})
		b.Run(v.name+"/decode", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := v.decode(payload); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*blocks*txs), "ns/tx")
		})
	}
}
