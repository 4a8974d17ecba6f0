# The commands people type. The build itself is Meson + ninja (meson.build).
#   make demo   install dependencies, build, create var/netral.db with demo data, serve on :8080
#   make test   install dependencies, build, run every test (also under ASan+UBSan), short fuzz runs;
#               the store and end-to-end tests run on SQLite and on a throwaway PostgreSQL cluster
#   make eval   precision, recall and linking accuracy of the cyber patrol
#   make bench  throughput and memory figures (wrk on loopback, roster import, patrol)

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DB         ?= var/netral.db
PORT       ?= 8080
FUZZ_SECONDS ?= 20
# Debian's python3 (its python3-psycopg2 reads the PostgreSQL side of the end-to-end tests)
PYTHON_DEB ?= /usr/bin/python3

.PHONY: all deps build demo serve test unit e2e pg browser eval asan fuzz fuzz-long format format-check bench clean

all: build

deps:
	@bash scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo: build
	@if [ -f $(DB) ]; then echo "Memakai data demo yang ada di $(DB) (hapus berkas itu untuk membuat ulang)."; \
	 else ./$(BUILD)/netral demo --db $(DB); fi
	@echo
	@echo "Netral berjalan di http://127.0.0.1:$(PORT)  (API: /api/v1, Ctrl-C untuk berhenti)"
	./$(BUILD)/netral serve --db $(DB) --port $(PORT)

serve: build
	./$(BUILD)/netral serve --db $(DB) --port $(PORT)

unit: build
	meson test -C $(BUILD) --print-errorlogs

e2e: build
	$(PYTHON_DEB) tests/e2e/run.py --bin ./$(BUILD)/netral

# The same store and end-to-end tests on PostgreSQL: a cluster made for the run (initdb into a
# temporary directory, a unix socket only) and removed after it.
pg: build
	bash scripts/with-pg.sh sh -c './$(BUILD)/store_test_store && \
	  $(PYTHON_DEB) tests/e2e/run.py --bin ./$(BUILD)/netral --pg "$$NETRAL_TEST_PG"'

# The pages in a real browser: playwright-core (npm, pinned in tests/browser/package-lock.json)
# driving Debian's chromium. Screenshots of the main pages land in artefacts/browser/.
browser: build
	bash scripts/deps.sh --browser
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	NETRAL_BIN=$(CURDIR)/$(BUILD)/netral ARTEFACTS=$(CURDIR)/artefacts/browser \
	  node --test --test-concurrency=1 --test-reporter=spec tests/browser/run.test.mjs

# Patrol quality on the labelled set in tests/eval (targets from the issue: P >= 0.95, R >= 0.90,
# no wrong link above the threshold). Regenerate the set with tests/eval/build.py.
eval: build
	python3 tests/eval/score.py ./$(BUILD)/netral --min-precision 0.95 --min-recall 0.90

$(ASAN_BUILD)/build.ninja:
	CC=clang CXX=clang++ meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  meson test -C $(ASAN_BUILD) --print-errorlogs
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  $(PYTHON_DEB) tests/e2e/run.py --bin ./$(ASAN_BUILD)/netral --sanitized
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  bash scripts/with-pg.sh ./$(ASAN_BUILD)/store_test_store

$(FUZZ_BUILD)/build.ninja:
	CC=clang CXX=clang++ meson setup $(FUZZ_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false -Dfuzzing=true

fuzz: deps $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)
	bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# A longer campaign outside CI (FUZZ_LONG_SECONDS per harness, default 30 min); what it finds
# is minimized into tests/fuzz/corpus/ to be committed, and every short run starts from it.
FUZZ_LONG_SECONDS ?= 1800
fuzz-long: deps $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)
	bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_LONG_SECONDS) long

format:
	clang-format -i $$(git ls-files --cached --others --exclude-standard 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h')

format-check:
	@bash scripts/format-check.sh

test: build unit e2e pg browser eval asan fuzz format-check
	@echo "Semua pengujian lulus."

bench: deps
	bash scripts/deps.sh --bench
	bash bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) build-bench
