#!/usr/bin/env bash
# Metrics benchmark: seeds N incidents (default 10000 and 100000; three years, with state and severity moves)
# into temporary SQLite files and times MetricsQueries.LoadFactsAsync (four range queries) and
# IncidentMetrics.Compute for the last 12 months by month and by week, and for all three years by quarter.
# Usage: bench/metrics.sh [count...]    (BENCH_KEEP_DB=1 keeps the database files)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/IncidentCenter.MetricsBench -- "$@"
