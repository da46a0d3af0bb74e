// Package rpcbench holds the long-running JSON-RPC checks that stay out of CI:
// the Hyperion-versus-geth read benchmark (HYPERION_BENCH=1) and the WebSocket
// subscription soak (HYPERION_SOAK=1). Both run a single validator with a very
// short block time, so that long chains are built in minutes.
package rpcbench
