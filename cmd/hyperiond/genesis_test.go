package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hyperion-rollup/hyperion/rollup/batch"
)

// TestGenesisBlockFitsOneBatch keeps the generated block size cap below what
// one batch carries on either medium, so a full block can always be posted.
func TestGenesisBlockFitsOneBatch(t *testing.T) {
	for _, medium := range []uint8{batch.MediumCalldata, batch.MediumBlobs} {
		p := batch.Params{Medium: medium}
		require.LessOrEqual(t, maxBlockBytes, p.MaxBlockBytes(), "medium %d", medium)
	}
}
