# gosupervisord: a Go drop-in replacement for supervisord 4.2.5.
GO      ?= go
BIN     := bin
PKGS    := ./...
DEMO    ?= testdata/demo.conf
# Release binaries are static (no cgo: user and group names come from
# /etc/passwd and /etc/group, not NSS) and stripped of the symbol table
# (stack traces and pprof keep working: they use the runtime's own tables).
BUILD   := CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w"

.PHONY: all build run test deps vet unit compat bench fuzz clean

all: build

build:
	$(BUILD) -o $(BIN)/supervisord ./cmd/supervisord
	$(BUILD) -o $(BIN)/supervisorctl ./cmd/supervisorctl

run: build
	mkdir -p /tmp/gosupervisord-demo
	$(BIN)/supervisord -n -c $(DEMO)

# deps installs what the tests need on a fresh Debian machine: the reference
# supervisord 4.2.5 (Debian's package, without starting its service) and
# Debian's chromium for the web UI's browser test.
deps:
	@./scripts/install-deps.sh
	@./scripts/install-browser.sh

vet:
	$(GO) vet $(PKGS)

unit:
	$(GO) test -race -count=1 $(PKGS)

test: deps vet build unit

bench: build
	$(GO) run ./compat/bench

fuzz:
	$(GO) test ./supervisor/config -run '^$$' -fuzz FuzzParse -fuzztime 2m

clean:
	rm -rf $(BIN)
