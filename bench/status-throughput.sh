#!/usr/bin/env bash
# Public status page throughput: the app in Release on Kestrel, a seeded status page (bench/status_seed.py),
# wrk against /status, /api/v2/summary.json and, for comparison in the same run, a plain Kestrel
# endpoint (/bench/plain, mapped only with Bench:Enabled=true) in the same app and pipeline; then
# made-up ids, a different one per request (bench/made-up-id.lua): incident permalinks and component
# feeds with made-up numbers (answered 404 from the cache) and a component feed with a made-up guid
# (no status route takes it: the catch-all under /status answers the same cached 404), with the server's memory before and after them.
# Target: >= 10,000 requests/s with p99 < 20 ms for /status. wrk runs on the same machine.
# Usage: bench/status-throughput.sh [seconds=15] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
connections="${2:-64}"
command -v wrk > /dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }

dotnet build -c Release IncidentCenter/IncidentCenter.csproj -v quiet -nologo > /dev/null
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
# The seed wrote behind the app's back: one real publish on its active incident makes the app rebuild the pages.
curl -fs -X POST "$base/bench/status/publish?incidentId=$(sed -n 's/^active incident: //p' <<< "$seed")" > /dev/null
echo "page size: $(curl -fs "$base/status" | wc -c) bytes (/status; $(curl -fs -H 'Accept-Encoding: br' "$base/status" | wc -c) with Brotli), $(curl -fs "$base/api/v2/summary.json" | wc -c) bytes (summary.json)"
echo "machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

report() {
  local label="$1" out="$2" rps p50 p99 errors
  rps="$(awk '/Requests\/sec/ {print $2}' <<< "$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<< "$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<< "$out")"
  errors="$(grep -E 'Non-2xx|Socket errors' <<< "$out" || true)"
  printf '%-48s %10s req/s   p50 %8s   p99 %8s   %s\n' "$label" "$rps" "$p50" "$p99" "$errors"
}

run() {
  local path="$1" label="$1" header=()
  if [ -n "${2:-}" ]; then header=(-H "$2"); label="$1 ($2)"; fi
  wrk -t2 -c"$connections" -d3s "${header[@]}" "$base$path" > /dev/null   # warm-up
  report "$label" "$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "${header[@]}" "$base$path")"
}

# A different made-up id per request: run_made_up <path with %s> <int|guid>. Every answer is a 404,
# so wrk's "Non-2xx" count equals its request count here.
run_made_up() {
  local pattern="$1" kind="$2" label
  label="$(printf "$pattern" "<made-up $kind>")"
  local example=123456789 status
  [ "$kind" = guid ] && example=0b0e3c1a-1d2f-4e5a-9b8c-7d6e5f4a3b2c
  status="$(curl -s -o /dev/null -w '%{http_code}' "$base$(printf "$pattern" "$example")")"
  wrk -t2 -c"$connections" -d3s -s bench/made-up-id.lua "$base" -- "$pattern" "$kind" > /dev/null   # warm-up
  report "$label -> $status" "$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/made-up-id.lua "$base" -- "$pattern" "$kind")"
}

memory() {
  curl -fs "$base/bench/memory" | python3 -c 'import json,sys; m=json.load(sys.stdin); print("managed heap %.1f MB, RSS %.1f MB" % (m["managedHeapBytes"]/1e6, m["rssBytes"]/1e6))'
}

echo "wrk -t2 -c$connections -d${seconds}s --latency, after a 3 s warm-up each:"
run /bench/plain
run /status
run /status "Accept-Encoding: gzip, deflate, br"
run /api/v2/summary.json
run /status/history
echo "server memory before the made-up ids: $(memory)"
run_made_up "/status/incidents/%s" int
run_made_up "/status/components/%s/feed.atom" int
run_made_up "/status/components/%s/feed.atom" guid
echo "server memory after the made-up ids: $(memory)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
