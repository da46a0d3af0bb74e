package batch

import (
	"testing"

	"github.com/ethereum/go-ethereum/rlp"
)

// BenchmarkCodec measures each codec on a realistic batch (60 blocks × 50 txs of the txMix workload):
// compression ratio, compression and decompression speed (MB/s of uncompressed RLP) and the payload bytes
// per user transaction. The default codec is the one with the best ratio × compression speed.
func BenchmarkCodec(b *testing.B) {
	const blocks, txs = 60, 50
	batch := newTxMix(b, 500).batch(b, 0, 1, blocks, txs)
	raw, err := rlp.EncodeToBytes(batch)
	if err != nil {
		b.Fatal(err)
	}
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
