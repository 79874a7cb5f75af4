#!/usr/bin/env bash
# Save-to-visible latency of a timeline entry in N other open incident pages (default 20).
# Needs Chromium (/usr/bin/chromium, or PLAYWRIGHT_CHROMIUM_PATH).
# BENCH_COUNT_QUERIES=1 also counts the EF commands the app runs per entry (its command log), per open page.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release IncidentCenter/IncidentCenter.csproj -v quiet -nologo
dotnet run -c Release --project bench/IncidentCenter.LiveBench -- IncidentCenter/bin/Release/net10.0/IncidentCenter.dll "${1:-20}" "${2:-30}"
