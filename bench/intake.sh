#!/usr/bin/env bash
# Alert intake and webhook delivery benchmark on a temporary SQLite file: an Alertmanager payload of 10 new
# alerts (declares 10 incidents in one transaction; a fresh token per run), the same payload repeated, and an
# alert storm of 1,000 new alerts from a fresh token (3 warm-ups + 20 runs each;
# median, p95, max), then N queued events (default 1000) delivered to one webhook on a loopback receiver.
# Usage: bench/intake.sh [events]    (BENCH_KEEP_DB=1 keeps the database file)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/IncidentCenter.IntakeBench -- "${1:-1000}"
