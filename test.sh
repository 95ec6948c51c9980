#!/usr/bin/env bash
# Runs every Casus test on a fresh machine: unit and HTTP integration tests on SQLite, the same integration tests
# on a throwaway PostgreSQL cluster, and the browser tests in Debian's Chromium. Installs Chromium and SoftHSM when missing,
# starts and removes the PostgreSQL cluster itself. Usage: ./test.sh            (everything)
#                                                         ./test.sh sqlite     (linkage tests and integration tests on SQLite only)
#                                                         ./test.sh postgres   (integration tests on PostgreSQL only)
#                                                         ./test.sh browser    (browser tests only)
set -euo pipefail
cd "$(dirname "$0")"
what="${1:-all}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
results="$(mktemp -d /tmp/casus-test-results.XXXXXX)"
pgdir=""
cleanup() {
  if [[ -n "$pgdir" && -d "$pgdir" ]]; then
    su postgres -s /bin/bash -c "pg_ctl -D '$pgdir/data' -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  fi
  rm -rf "$results"
}
trap cleanup EXIT

log() { printf '\n== %s\n' "$*"; }

ensure_packages() { # Debian packages the tests need: chromium (browser tests), softhsm2 (the PKCS#11 key store's tests)
  local missing=()
  [[ "$what" =~ ^(all|browser)$ && ! -x /usr/bin/chromium ]] && missing+=(chromium)
  [[ "$what" =~ ^(all|sqlite|postgres)$ && ! -e /usr/lib/softhsm/libsofthsm2.so ]] && missing+=(softhsm2)
  if (( ${#missing[@]} )); then
    log "Installing Debian's ${missing[*]} for the tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_postgres() {
  local bindir port
  bindir="$(dirname "$(command -v pg_ctl 2>/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -n1)")"
  export PATH="$bindir:$PATH"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  pgdir="$(mktemp -d /tmp/casus-pg.XXXXXX)"
  chown postgres "$pgdir"
  log "Starting a throwaway PostgreSQL cluster on 127.0.0.1:$port"
  su postgres -s /bin/bash -c "PATH='$bindir:\$PATH' initdb -D '$pgdir/data' -U postgres -A trust --no-sync >/dev/null"
  su postgres -s /bin/bash -c "PATH='$bindir:\$PATH' pg_ctl -D '$pgdir/data' -l '$pgdir/log' -w -o \"-h 127.0.0.1 -p $port -k '$pgdir' -c fsync=off -c max_connections=300\" start >/dev/null"
  export CASUS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20"
}

run_tests() { # project, label, filter
  local project="$1" label="$2" filter="${3:-}"
  log "Tests: $label"
  local args=(test "$project" -c Release --no-build --logger "trx;LogFileName=$label.trx" --results-directory "$results")
  [[ -n "$filter" ]] && args+=(--filter "$filter")
  dotnet "${args[@]}"
}

ensure_packages
log "Building"
dotnet build Casus.sln -c Release -warnaserror

case "$what" in
  all|sqlite) run_tests tests/Casus.Linkage.Tests/Casus.Linkage.Tests.csproj linkage; run_tests tests/Casus.Tests/Casus.Tests.csproj sqlite ;;&
  all|postgres) start_postgres; run_tests tests/Casus.Tests/Casus.Tests.csproj postgres "Category!=SqliteOnly"; unset CASUS_TEST_POSTGRES ;;&
  all|browser)
    # The server's warnings and errors go to a file; when a browser test fails, its tail shows what the server saw.
    export CASUS_SERVER_LOG="$results/browser-server.log"
    if ! run_tests tests/Casus.BrowserTests/Casus.BrowserTests.csproj browser; then
      log "Server warnings and errors during the browser tests (last 80 lines)"
      tail -n 80 "$CASUS_SERVER_LOG" 2>/dev/null || echo "(none)"
    fi
    unset CASUS_SERVER_LOG ;;
esac

# One closing line over all runs, in the plain form CI reads.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {'t': 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010'}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + '/*.trx'):
    c = ET.parse(path).getroot().find('t:ResultSummary/t:Counters', ns)
    passed += int(c.get('passed')); failed += int(c.get('failed')) + int(c.get('error')); skipped += int(c.get('notExecuted'))
print(f"\n{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
PY
