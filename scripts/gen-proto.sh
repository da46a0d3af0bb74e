#!/usr/bin/env bash
# Regenerates the Go code of proto/ with protoc and gogoproto's protoc-gen-gocosmos.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"
if ! command -v protoc >/dev/null; then
  echo "protoc not found: apt-get install -y protobuf-compiler" >&2; exit 1
fi
GOGO_VERSION=$(go list -m -f '{{.Version}}' github.com/cosmos/gogoproto)
go install "github.com/cosmos/gogoproto/protoc-gen-gocosmos@${GOGO_VERSION}"
GOGO_DIR=$(go list -m -f '{{.Dir}}' github.com/cosmos/gogoproto)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
find proto -name '*.proto' -print0 | sort -z | xargs -0 protoc -I proto -I "$GOGO_DIR" \
  --gocosmos_out="plugins=grpc,Mgoogle/protobuf/any.proto=github.com/cosmos/gogoproto/types:$out"
module=$(go list -m)
cp -r "$out/$module/." .
