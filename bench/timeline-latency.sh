#!/usr/bin/env bash
# Save-to-visible latency of a timeline entry in N other open incident pages (default 20), side by side with a
# plain baseline in the same run: bench/IncidentCenter.LiveBaseline, a bare Blazor Server page with a list and a
# box (no database, no sign-in, no component library), measured by the same harness, same Chromium, same pages.
# Usage: bash bench/timeline-latency.sh [pages=20] [entries=30] [rounds=1]; each round runs baseline, then the app.
# Needs Chromium (/usr/bin/chromium, or PLAYWRIGHT_CHROMIUM_PATH).
# BENCH_COUNT_QUERIES=1 also counts the EF commands the app runs per entry (its command log), per open page.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release IncidentCenter/IncidentCenter.csproj -v quiet -nologo
dotnet build -c Release bench/IncidentCenter.LiveBaseline -v quiet -nologo
dotnet build -c Release bench/IncidentCenter.LiveBench -v quiet -nologo
for round in $(seq 1 "${3:-1}"); do
  for dll in bench/IncidentCenter.LiveBaseline/bin/Release/net10.0/IncidentCenter.LiveBaseline.dll \
             IncidentCenter/bin/Release/net10.0/IncidentCenter.dll; do
    echo "== round $round: $(basename "$dll" .dll), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    dotnet run -c Release --no-build --project bench/IncidentCenter.LiveBench -- "$dll" "${1:-20}" "${2:-30}"
  done
done
