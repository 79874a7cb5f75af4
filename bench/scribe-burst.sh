#!/usr/bin/env bash
# Scribe burst: ENTRIES timeline entries pasted and sent with Ctrl+Enter INTERVAL ms apart from one
# page (no waiting), with VIEWERS other pages open on the incident. Prints how many were saved,
# whether in the order sent, and save-to-visible in the other pages, beside the same number of
# entries sent one at a time (each waited for) as the baseline.
# Needs Chromium (/usr/bin/chromium, or PLAYWRIGHT_CHROMIUM_PATH).
# Usage: bash bench/scribe-burst.sh [entries=50] [interval-ms=50] [viewers=10]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release IncidentCenter/IncidentCenter.csproj -v quiet -nologo
dotnet run -c Release --project bench/IncidentCenter.LiveBench -- IncidentCenter/bin/Release/net10.0/IncidentCenter.dll "${3:-10}" "${1:-50}" "${2:-50}"
