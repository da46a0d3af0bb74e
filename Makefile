# Hyperion — build, run, test.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)

GO        ?= go
BUILD_DIR ?= build
BIN       := $(BUILD_DIR)/hyperiond
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse HEAD 2>/dev/null)
LDFLAGS   := -X main.version=$(VERSION) -X main.commit=$(COMMIT)
TEST_TIMEOUT ?= 20m
BENCHTIME ?= 1x
VALIDATORS ?= 4

.PHONY: all build run test test-stm test-stm-full test-short bench bench-stm bench-e2e bench-rpc soak lint generate check-generated testnet clean help

all: build

## build: compile build/hyperiond
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/hyperiond

## run: a fresh single-validator dev chain (chain id 31337, funded dev accounts) in a temp home
run: build
	@set -e; home=$$(mktemp -d -t hyperion-dev.XXXXXX); \
	./$(BIN) init --dev --home "$$home"; \
	echo; \
	echo "Home:         $$home"; \
	echo "JSON-RPC:     http://127.0.0.1:8545  (WebSocket ws://127.0.0.1:8545)"; \
	echo "CometBFT RPC: http://127.0.0.1:26657"; \
	echo "Chain id:     31337"; \
	echo; \
	exec ./$(BIN) start --home "$$home"

## test: the full test suite, then the Block-STM differential suite under -race and a bounded fuzz run
test:
	$(GO) test -timeout $(TEST_TIMEOUT) ./...
	$(MAKE) test-stm

FUZZTIME ?= 60s

## test-stm: Block-STM vs sequential (workers 1-16, GOMAXPROCS 1 and 2, injected yields) with -race, plus fuzzing
test-stm:
	$(GO) test -race -count=1 -timeout $(TEST_TIMEOUT) -run 'TestParallel' ./x/evm/ ./x/evm/blockstm/
	$(GO) test -count=1 -run '^$$' -fuzz '^FuzzParallelBlock$$' -fuzztime $(FUZZTIME) ./x/evm/

## test-stm-full: the full differential matrix (300-tx blocks) with -race and a longer fuzz run (outside CI)
test-stm-full:
	HYPERION_FULL_MATRIX=1 $(GO) test -race -count=1 -timeout 60m -run 'TestParallel' ./x/evm/ ./x/evm/blockstm/
	$(GO) test -count=1 -run '^$$' -fuzz '^FuzzParallelBlock$$' -fuzztime 10m ./x/evm/

## test-short: unit tests only (skips slow network tests)
test-short:
	$(GO) test -short -timeout $(TEST_TIMEOUT) ./...

## bench: Go benchmarks of the state machine modules; rollup data cost per transfer and verifier replay vs live execution
bench:
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) -timeout $(TEST_TIMEOUT) ./x/...
	$(MAKE) bench-stm
	$(GO) test -count=1 -run 'TestTransferDataCost|TestBlobBatchOsakaLimit' -v ./rollup/batch/ ./rollup/contracts/
	HYPERION_BENCH=1 $(GO) test -count=1 -timeout 20m -run TestRollupReplaySpeed -v ./app/

## bench-stm: the Block-STM table (sequential vs 1-16 workers per workload, exec/val per tx, aborts, available parallelism)
bench-stm:
	HYPERION_BENCH_TABLE=1 $(GO) test -count=1 -timeout 30m -run TestParallelBenchTable -v ./x/evm/

## bench-e2e: end-to-end tx/s and inclusion latency, Hyperion vs CometBFT kvstore (about 4 min)
bench-e2e:
	HYPERION_BENCH=1 $(GO) test -count=1 -timeout 30m -run TestE2EThroughput -v ./testutil/bench/

## bench-rpc: eth_call / eth_getBalance / eth_getLogs requests/s vs geth --dev (archive), same run
bench-rpc:
	HYPERION_BENCH=1 $(GO) test -count=1 -timeout 60m -run TestRPCVersusGeth -v ./testutil/rpcbench/

## soak: 10,000-block WebSocket subscription soak (no missed head or log); outside CI
soak:
	HYPERION_SOAK=1 $(GO) test -count=1 -timeout 60m -run TestWebSocketSoak -v ./testutil/rpcbench/

## lint: gofmt must be clean, go vet must pass
lint:
	@unformatted=$$(gofmt -l $$($(GO) list -f '{{.Dir}}' ./...)); \
	if [ -n "$$unformatted" ]; then echo "gofmt -l:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

## generate: regenerate committed generated code (protobuf, contract artifacts)
generate:
	@if [ -x scripts/gen-proto.sh ]; then scripts/gen-proto.sh; else echo "scripts/gen-proto.sh not present; nothing to generate"; fi
	@for s in gen-contracts gen-system-contracts gen-test-contracts gen-bench-contracts; do \
		if [ -x scripts/$$s.sh ]; then scripts/$$s.sh; fi; \
	done

## check-generated: regenerate and fail if the committed generated code differs
check-generated: generate
	@git diff --exit-code -- abci/types rollup/contracts x/staking x/gov testutil/contracts x/evm/testdata/contracts \
		|| { echo "generated code is stale: run 'make generate' and commit"; exit 1; }

## testnet: a local $(VALIDATORS)-validator network in a temp dir, each node its own process
testnet: build
	@set -e; out=$$(mktemp -d -t hyperion-testnet.XXXXXX); \
	./$(BIN) testnet --validators $(VALIDATORS) --out "$$out" --dev; \
	exec ./$(BIN) testnet start --out "$$out"

clean:
	rm -rf $(BUILD_DIR)

help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## //'
