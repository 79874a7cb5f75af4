#!/usr/bin/env bash
# First load of the incident page (script and CSS bytes, time to interactive; issue 10), memory per
# interactive circuit on the incident page, and resume after a server restart (issue 9),
# for this checkout and, side by side in the same run, any other builds named as label=dll.
# Installs dotnet-gcdump into bench/.tools on first use. Needs Chromium (/usr/bin/chromium, or
# PLAYWRIGHT_CHROMIUM_PATH).
# Usage: bash bench/circuit.sh [circuits=40] [restarts=5] [label=path/to/IncidentCenter.dll ...]
# e.g. to compare with the build before persistent component state:
#   git worktree add /tmp/before dd6e4b6 && dotnet build -c Release /tmp/before/IncidentCenter/IncidentCenter.csproj
#   bash bench/circuit.sh 40 5 before=/tmp/before/IncidentCenter/bin/Release/net10.0/IncidentCenter.dll
set -euo pipefail
cd "$(dirname "$0")/.."
tools=bench/.tools
if [ ! -x "$tools/dotnet-gcdump" ]; then
  dotnet tool install dotnet-gcdump --version 10.0.750501 --tool-path "$tools" > /dev/null
fi
circuits="${1:-40}"; restarts="${2:-5}"; shift $(( $# > 2 ? 2 : $# ))
dotnet build -c Release IncidentCenter/IncidentCenter.csproj -v quiet -nologo
dotnet run -c Release --project bench/IncidentCenter.CircuitBench -- "$tools/dotnet-gcdump" "$circuits" "$restarts" \
  "$@" "now=IncidentCenter/bin/Release/net10.0/IncidentCenter.dll"
