# Thin wrapper over CMake/CTest and the scripts. `make run` and `make test`
# install what is missing (Debian and npm packages) themselves.
BUILD     ?= build
LISTEN    ?= 127.0.0.1:8080
STORE     ?= sqlite:./data/yiwang.db
JOBS      ?= 2

.PHONY: all deps build web run seed test bench docs clean

all: build

deps:
	@bash scripts/install-deps.sh run

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

web:
	@bash scripts/build-web.sh

seed: build
	@./$(BUILD)/yiwang seed demo --store $(STORE)

# Set up, seed the demo district (idempotent) and serve on $(LISTEN).
run: build web seed
	@echo "yiwang: serving on http://$(LISTEN)  (admin / Admin@2026yw — see README)"
	@exec ./$(BUILD)/yiwang serve --listen $(LISTEN) --store $(STORE) --web ./web/dist

test:
	@bash scripts/test.sh

bench:
	@bash bench/run.sh

docs: build
	@./$(BUILD)/yw-errors-doc > docs/errors.md

clean:
	rm -rf $(BUILD) build-asan build-bench web/dist
