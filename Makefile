# earshot — the two commands:
#   make demo   set everything up, build, and start the server with the demo widget and a live feed
#   make test   set everything up, build everything, run every test
# Other targets: setup, build, native, web, asan-test, bench, clean.

SHELL := /bin/bash
export NODE_PATH := /usr/share/nodejs
PORT ?= 8080
JOBS ?= $(shell nproc)

.PHONY: all setup build native web demo test test-only asan-test bench clean

all: build

setup:
	@bash scripts/setup.sh

native: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

web: setup
	@cmake --preset web >/dev/null
	@cmake --build --preset web -j $(JOBS)

build: native web

demo: build
	@bash scripts/demo.sh $(PORT)

test: build
	@bash scripts/test.sh

# Runs the tests without setup/build (for iterating).
test-only:
	@bash scripts/test.sh

asan-test: setup
	@cmake --preset debug-asan >/dev/null
	@cmake --build --preset debug-asan -j $(JOBS)
	@ctest --preset debug-asan -j $(JOBS)

bench: native web
	@bash scripts/bench.sh

clean:
	rm -rf build/release build/wasm build/web build/bin build/debug-asan build/test-artifacts
