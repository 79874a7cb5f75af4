#!/usr/bin/env bash
# Live public subscribers on the Server-Sent Events stream (GET /status/live), 1,000 and 5,000 viewers.
# (Until commit bea769f this also ran the SignalR hub /hubs/status side by side; those figures are in
# the README.)
# The app runs in Release on Kestrel (loopback) with a seeded status page; every round starts a fresh
# app process on the same database, so the memory figures start from the same point. Each of P updates
# is a real publish on the seeded active incident: POST /bench/status/publish (mapped only with
# Bench:Enabled=true, loopback callers only) calls StatusPageService.PublishAsync as the bootstrap Admin.
# Printed per round: p50/p99/max from sending the publish to each viewer receiving it, how many were
# lost, and the server's managed heap (after a full GC) and RSS before and after the viewers connect.
# Clients: bench/IncidentCenter.StatusLiveBench (HttpClient + SseParser, as EventSource reads it).
# Usage: bench/status-live.sh [viewer counts=1000,5000] [publishes=20]
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
counts="${1:-1000,5000}"
publishes="${2:-20}"

dotnet build -c Release IncidentCenter/IncidentCenter.csproj -v quiet -nologo > /dev/null
dotnet build -c Release bench/IncidentCenter.StatusLiveBench -v quiet -nologo > /dev/null
data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
app=""
start_app() {
  ASPNETCORE_ENVIRONMENT=Production Database__Path="$data/app.db" Bench__Enabled=true Logging__LogLevel__Default=Warning \
    Bootstrap__AdminEmail=bench-admin@example.test Bootstrap__AdminPassword=bench-admin-password-123 Bootstrap__AdminName="Bench Admin" \
    dotnet IncidentCenter/bin/Release/net10.0/IncidentCenter.dll --urls "$base" --contentRoot "$PWD/IncidentCenter" >> "$data/app.log" 2>&1 &
  app=$!
  for _ in $(seq 1 120); do curl -fs "$base/health/ready" > /dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "$base/status" > /dev/null
}
stop_app() { kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; app=""; }
trap 'stop_app; rm -rf "$data"' EXIT

start_app
seed="$(python3 bench/status_seed.py "$data/app.db")"
echo "$seed" | head -1
incident="$(sed -n 's/^active incident: //p' <<< "$seed")"
stop_app
echo "machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg); open files: $(ulimit -n)"
status=0
for n in ${counts//,/ }; do
  start_app
  dotnet bench/IncidentCenter.StatusLiveBench/bin/Release/net10.0/IncidentCenter.StatusLiveBench.dll "$base" "$incident" "$n" "$publishes" || status=1
  stop_app
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
