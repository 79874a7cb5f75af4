#!/usr/bin/env bash
# Dashboard query benchmark: seeds N incidents (default 100000) into a temporary SQLite file and
# times IncidentQueries.DashboardAsync per filter (target < 50 ms for a first page), and prints
# the query plans of the SQL it sends.
# Usage: bench/dashboard.sh [count]    (BENCH_KEEP_DB=1 keeps the database file, for sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/IncidentCenter.Bench -- "${1:-100000}"
