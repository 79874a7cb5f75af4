// N public status page viewers connected to /hubs/status. The script announces a change P times
// through the bench trigger (POST /bench/status/changed, what a publish does after its commit)
// and records, for every viewer, the time from sending that request to receiving the push.
// With --fetch, each viewer then also fetches /status as the page script does, and the time until
// the whole page is in hand is recorded too (the thundering herd the cache absorbs).
// Usage: node subscribers.mjs <baseUrl> [viewers=1000] [publishes=20] [--fetch]
import * as signalR from "@microsoft/signalr";
import { performance } from "node:perf_hooks";

const [baseUrl, viewersArg = "1000", publishesArg = "20"] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const fetchPage = process.argv.includes("--fetch");
const viewers = Number(viewersArg);
const publishes = Number(publishesArg);
if (!baseUrl) {
  console.error("usage: node subscribers.mjs <baseUrl> [viewers] [publishes] [--fetch]");
  process.exit(2);
}

const sentAt = new Map(); // publish index -> performance.now() when the trigger was sent
const received = new Map(); // publish index -> latencies (ms)
const fetched = new Map();
let duplicates = 0;

function connection(i) {
  const seen = new Set();
  const c = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/status`, { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
    .configureLogging(signalR.LogLevel.Error)
    .build();
  c.on("changed", async (m) => {
    const now = performance.now();
    const n = m.updateId;
    if (!sentAt.has(n)) return; // not one of ours
    if (seen.has(n)) { duplicates++; return; }
    seen.add(n);
    received.get(n).push(now - sentAt.get(n));
    if (fetchPage) {
      const r = await fetch(`${baseUrl}/status`, { headers: { Accept: "text/html" } });
      await r.text();
      fetched.get(n).push(performance.now() - sentAt.get(n));
    }
  });
  return c;
}

const connections = Array.from({ length: viewers }, (_, i) => connection(i));
const t0 = performance.now();
// Connect in batches so the connect storm is not what is measured.
for (let i = 0; i < connections.length; i += 100) {
  await Promise.all(connections.slice(i, i + 100).map((c) => c.start()));
}
console.log(`${viewers} viewers connected in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// One uncounted warm-up announcement (JIT, first broadcast).
await fetch(`${baseUrl}/bench/status/changed?incidentId=1&updateId=0`, { method: "POST" });
await new Promise((res) => setTimeout(res, 1000));

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
for (let n = 1; n <= publishes; n++) {
  received.set(n, []);
  fetched.set(n, []);
  sentAt.set(n, performance.now());
  const r = await fetch(`${baseUrl}/bench/status/changed?incidentId=1&updateId=${n}`, { method: "POST" });
  if (!r.ok) throw new Error(`trigger failed: ${r.status}`);
  const deadline = performance.now() + 10000;
  while ((received.get(n).length < viewers || (fetchPage && fetched.get(n).length < viewers)) && performance.now() < deadline) {
    await new Promise((res) => setTimeout(res, 5));
  }
  await new Promise((res) => setTimeout(res, 250));
}

const all = [...received.values()].flat().sort((a, b) => a - b);
const expected = viewers * publishes;
console.log(`publishes: ${publishes}, deliveries expected: ${expected}, received: ${all.length}, lost: ${expected - all.length}, duplicates: ${duplicates}`);
console.log(`publish-to-receive latency (ms): p50 ${percentile(all, 50).toFixed(1)}  p95 ${percentile(all, 95).toFixed(1)}  p99 ${percentile(all, 99).toFixed(1)}  max ${all[all.length - 1].toFixed(1)}`);
if (fetchPage) {
  const pages = [...fetched.values()].flat().sort((a, b) => a - b);
  console.log(`publish-to-page-fetched (ms), ${pages.length} fetches: p50 ${percentile(pages, 50).toFixed(1)}  p99 ${percentile(pages, 99).toFixed(1)}  max ${pages[pages.length - 1].toFixed(1)}`);
}
await Promise.all(connections.map((c) => c.stop()));
process.exit(all.length === expected ? 0 : 1);
