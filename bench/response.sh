#!/usr/bin/env bash
# Response evaluation benchmark: seeds N open incidents (default 1000) and 10 N resolved ones into a temporary
# SQLite file and times ResponseEvaluator.EvaluateAsync, the round the response monitor runs every 15 seconds:
# the first round (records every missed target and escalation) and 20 steady-state rounds (median, p95, max).
# Usage: bench/response.sh [open incidents]    (BENCH_KEEP_DB=1 keeps the database file)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/IncidentCenter.ResponseBench -- "${1:-1000}"
