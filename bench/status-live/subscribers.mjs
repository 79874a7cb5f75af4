// N public status page viewers connected to /hubs/status, spread over worker threads so the
// client's single event loop is not what gets measured. The main thread publishes P status updates
// on the incident, each a real publish (POST /bench/status/publish: StatusPageService.PublishAsync as
// an existing Admin, which authorizes, writes the update and timeline rows, commits, then pushes),
// and every viewer records when the push arrived. Latency = receive time − time the publish request
// was sent (one clock: performance.timeOrigin + performance.now()).
// With --fetch, each viewer then also fetches /status as the page script does, and the time until
// the whole page is in hand is recorded too (the thundering herd the cache absorbs).
// Usage: node subscribers.mjs <baseUrl> <incidentId> [viewers=1000] [publishes=20] [--fetch] [--workers=2]
import * as signalR from "@microsoft/signalr";
import { performance } from "node:perf_hooks";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const clock = () => performance.timeOrigin + performance.now();

if (!isMainThread) {
  const { baseUrl, count, fetchPage } = workerData;
  const receipts = []; // [updateId, receivedAt, fetchedAt|null]
  let duplicates = 0;
  const connections = [];
  for (let i = 0; i < count; i++) {
    const seen = new Set();
    const c = new signalR.HubConnectionBuilder()
      .withUrl(`${baseUrl}/hubs/status`, { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
      .configureLogging(signalR.LogLevel.Error)
      .build();
    c.on("changed", async (m) => {
      const at = clock();
      const n = m.updateId;
      if (!n) return; // a change without an update (components only)
      if (seen.has(n)) { duplicates++; return; }
      seen.add(n);
      const receipt = [n, at, null];
      receipts.push(receipt);
      if (fetchPage) {
        const r = await fetch(`${baseUrl}/status`, { headers: { Accept: "text/html" } });
        await r.text();
        receipt[2] = clock();
      }
    });
    connections.push(c);
  }
  for (let i = 0; i < connections.length; i += 50) {
    await Promise.all(connections.slice(i, i + 50).map((c) => c.start()));
  }
  parentPort.postMessage({ type: "connected" });
  parentPort.on("message", async (msg) => {
    if (msg === "count") {
      parentPort.postMessage({ type: "count", received: receipts.length, fetched: receipts.filter((r) => r[2] !== null).length });
    } else if (msg === "finish") {
      await Promise.all(connections.map((c) => c.stop()));
      parentPort.postMessage({ type: "results", receipts, duplicates });
    }
  });
} else {
  const positional = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const [baseUrl, incidentId, viewersArg = "1000", publishesArg = "20"] = positional;
  const fetchPage = process.argv.includes("--fetch");
  const workersArg = process.argv.find((a) => a.startsWith("--workers="));
  const workerCount = workersArg ? Number(workersArg.split("=")[1]) : 2;
  const viewers = Number(viewersArg);
  const publishes = Number(publishesArg);
  if (!baseUrl || !incidentId) {
    console.error("usage: node subscribers.mjs <baseUrl> <incidentId> [viewers] [publishes] [--fetch] [--workers=N]");
    process.exit(2);
  }

  const workers = [];
  const waiters = new Map();
  const ask = (w, type, msg) => new Promise((resolve) => { waiters.set(w, { type, resolve }); w.postMessage(msg); });
  const t0 = clock();
  for (let i = 0; i < workerCount; i++) {
    const count = Math.floor(viewers / workerCount) + (i < viewers % workerCount ? 1 : 0);
    const w = new Worker(new URL(import.meta.url), { workerData: { baseUrl, count, fetchPage } });
    w.on("message", (m) => {
      const waiter = waiters.get(w);
      if (waiter && waiter.type === m.type) { waiters.delete(w); waiter.resolve(m); }
    });
    w.on("error", (e) => { console.error(e); process.exit(1); });
    workers.push(w);
  }
  await Promise.all(workers.map((w) => new Promise((resolve) => waiters.set(w, { type: "connected", resolve }))));
  console.log(`${viewers} viewers connected over ${workerCount} worker threads in ${((clock() - t0) / 1000).toFixed(1)} s`);

  // Publish n = 0 is an uncounted warm-up (JIT, first broadcast); its receipts are dropped below.
  const sentAt = new Map(); // updateId -> time the publish request was sent
  for (let n = 0; n <= publishes; n++) {
    const sent = clock();
    const r = await fetch(`${baseUrl}/bench/status/publish?incidentId=${incidentId}&body=${encodeURIComponent(`Benchmark update ${n}: still working on it.`)}`, { method: "POST" });
    if (!r.ok) throw new Error(`publish failed: ${r.status} ${await r.text()}`);
    const { updateId } = await r.json();
    if (n > 0) sentAt.set(updateId, sent);
    const deadline = clock() + 10000;
    for (;;) {
      const counts = await Promise.all(workers.map((w) => ask(w, "count", "count")));
      const received = counts.reduce((s, c) => s + c.received, 0);
      const fetched = counts.reduce((s, c) => s + c.fetched, 0);
      if ((received >= viewers * (n + 1) && (!fetchPage || fetched >= viewers * (n + 1))) || clock() > deadline) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    await new Promise((res) => setTimeout(res, n === 0 ? 1000 : 250));
  }

  const results = await Promise.all(workers.map((w) => ask(w, "results", "finish")));
  const receipts = results.flatMap((r) => r.receipts).filter(([n]) => sentAt.has(n));
  const duplicates = results.reduce((s, r) => s + r.duplicates, 0);
  const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const latencies = receipts.map(([n, at]) => at - sentAt.get(n)).sort((a, b) => a - b);
  const expected = viewers * publishes;
  console.log(`publishes: ${publishes}, deliveries expected: ${expected}, received: ${latencies.length}, lost: ${expected - latencies.length}, duplicates: ${duplicates}`);
  console.log(`publish-to-receive latency (ms): p50 ${percentile(latencies, 50).toFixed(1)}  p95 ${percentile(latencies, 95).toFixed(1)}  p99 ${percentile(latencies, 99).toFixed(1)}  max ${latencies[latencies.length - 1].toFixed(1)}`);
  if (fetchPage) {
    const pages = receipts.filter((r) => r[2] !== null).map(([n, , f]) => f - sentAt.get(n)).sort((a, b) => a - b);
    console.log(`publish-to-page-fetched (ms), ${pages.length} fetches: p50 ${percentile(pages, 50).toFixed(1)}  p99 ${percentile(pages, 99).toFixed(1)}  max ${pages[pages.length - 1].toFixed(1)}`);
  }
  await Promise.all(workers.map((w) => w.terminate()));
  process.exit(latencies.length === expected ? 0 : 1);
}
