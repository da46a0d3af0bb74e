// Package cpuprobe measures how much parallelism the machine gives a
// process right now, so benchmarks can state the contention next to their
// figures. It is for benchmarks only: never a pass/fail criterion.
package cpuprobe

import (
	"sync"
	"sync/atomic"
	"time"
)

// spinWork is the number of loop steps one probe run spins.
const spinWork = 20_000_000

// sink keeps the spin loop from being optimised away.
var sink atomic.Uint64

func spin(n int) {
	x := uint64(1)
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	sink.Store(x)
}

// Parallelism runs the same spin on one goroutine, then on two at once, and
// returns how many of the two ran in parallel: about 2.0 on an idle machine
// with two free cores, near 1.0 when something else holds a core.
func Parallelism() float64 {
	start := time.Now()
	spin(spinWork)
	one := time.Since(start)
	var wg sync.WaitGroup
	start = time.Now()
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); spin(spinWork) }()
	}
	wg.Wait()
	return 2 * float64(one) / float64(time.Since(start))
}
