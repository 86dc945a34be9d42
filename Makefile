# daneel: the two commands of README.md are `make demo` and `make test`.
# Everything else here is a step of those two.
SHELL := /bin/bash
export NODE_PATH := /usr/share/nodejs

.PHONY: demo test setup build build-native build-native-release build-proxy build-wasm site \
        unit-test world-test node-test world-up world-down bench fuzz format clean

# The main job: set up, build, bring up the local demo world, serve the page.
demo: setup build-proxy build-wasm site
	scripts/demo

# The whole test suite, set-up included (what .ci/run runs).
# (The release tree builds only the proxy here: its unit tests and benchmarks
# are the ASan tree's and `make bench`'s.)
test: setup build-native build-wasm build-proxy site
	scripts/test

setup:
	scripts/setup

build: build-native build-native-release build-wasm

build-native:
	cmake --preset native > /dev/null
	cmake --build --preset native

build-native-release:
	cmake --preset native-release > /dev/null
	cmake --build --preset native-release

# The proxy alone, in the release tree (what `make demo` serves the page with).
build-proxy:
	cmake --preset native-release > /dev/null
	cmake --build --preset native-release --target daneel-proxy

build-wasm:
	cmake --preset wasm-release > /dev/null
	cmake --build --preset wasm-release

# The static site the proxy serves: web/ plus the wasm package beside it.
site: build-wasm
	scripts/stage-site build/site

# Unit tests only: no test world needed (the world's tests carry the ctest label "world").
unit-test:
	ctest --preset native -LE world
	ctest --preset wasm-release

# The native tests against the test world (brought up if it is not).
world-test: world-up
	ctest --preset native -L world

node-test:
	node --test tests/proxy/ wasm/test/ tests/browser/

world-up:
	tests/world/up

world-down:
	tests/world/down

bench: build-native-release
	bench/run

fuzz:
	scripts/fuzz

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf build wasm/dist
