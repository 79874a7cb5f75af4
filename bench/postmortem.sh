#!/usr/bin/env bash
# Post-mortem generation benchmark: seeds one SEV1 incident with N timeline entries (default 10000, every
# other one a key event) into a temporary SQLite file and times PostmortemService.GenerateAsync end to end
# (3 warm-up runs + 20 timed runs; median and p95; target < 200 ms).
# Usage: bench/postmortem.sh [entries]    (BENCH_KEEP_DB=1 keeps the database file)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/IncidentCenter.PostmortemBench -- "${1:-10000}"
