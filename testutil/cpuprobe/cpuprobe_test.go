package cpuprobe

import "testing"

func TestParallelismInRange(t *testing.T) {
	if p := Parallelism(); p <= 0 || p > 3 {
		t.Fatalf("parallelism %.2f outside (0, 3]", p)
	}
}
