#!/usr/bin/env bash
# 1,000 live public subscribers: Node clients with @microsoft/signalr on /hubs/status, the app in
# Release on Kestrel with a seeded status page. Each of P updates is a real publish on the seeded active
# incident: POST /bench/status/publish (mapped only with Bench:Enabled=true) calls
# StatusPageService.PublishAsync as the bootstrap Admin — authorization, the update, component and
# timeline rows in one transaction, then cache invalidation and the hub broadcast, as the composer does.
# Measured: time from sending the publish request to each subscriber receiving the push (target
# p99 < 250 ms, nothing lost). Pass --fetch to also time each subscriber fetching the new /status page.
# Usage: bench/status-live.sh [viewers=1000] [publishes=20] [--fetch]
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n 65536 2>/dev/null || true

dotnet build -c Release IncidentCenter/IncidentCenter.csproj -v quiet -nologo > /dev/null
[ -d bench/status-live/node_modules/@microsoft/signalr ] || (cd bench/status-live && npm ci --no-audit --no-fund > /dev/null)
data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
ASPNETCORE_ENVIRONMENT=Production Database__Path="$data/app.db" Bench__Enabled=true Logging__LogLevel__Default=Warning \
  Bootstrap__AdminEmail=bench-admin@example.test Bootstrap__AdminPassword=bench-admin-password-123 Bootstrap__AdminName="Bench Admin" \
  dotnet IncidentCenter/bin/Release/net10.0/IncidentCenter.dll --urls "$base" --contentRoot "$PWD/IncidentCenter" > "$data/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -fs "$base/health/ready" > /dev/null 2>&1 && break; sleep 0.5; done
seed="$(python3 bench/status_seed.py "$data/app.db")"
echo "$seed" | head -1
incident="$(sed -n 's/^active incident: //p' <<< "$seed")"
echo "machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/status-live/subscribers.mjs "$base" "$incident" "${1:-1000}" "${2:-20}" "${@:3}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
