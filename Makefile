# Atelier — the two commands (see README.md), plus the benchmark.
.PHONY: run test bench clean

PORT ?= 8080
SIM_PORT ?= 8787

run:
	PORT=$(PORT) SIM_PORT=$(SIM_PORT) bash scripts/run.sh

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

clean:
	rm -rf .build var
