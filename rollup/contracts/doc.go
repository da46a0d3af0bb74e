// Package contracts holds Hyperion's L1 contracts: Solidity sources (src/), compiled artifacts
// (artifacts/, written by scripts/gen-contracts.sh with the npm solc pinned in package.json), the abigen v2
// bindings (*_bindings.go, generated) and the Go side of their encodings: set hashes, signer bitmaps, the
// digests the sequencer set signs and output roots, computed exactly as the contracts compute them.
package contracts
