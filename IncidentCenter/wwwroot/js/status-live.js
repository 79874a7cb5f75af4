// Live refresh for the public status pages. The page is complete without this script: it is
// rendered on the server. When the status hub says something changed, the page fetches its
// own address again and swaps <main>, keeping open "Original text" folds open.
(function () {
  "use strict";
  const main = document.getElementById("status-main");
  if (!main || !window.signalR) {
    return;
  }
  const incidentId = main.getAttribute("data-incident-id");
  const indicator = () => document.querySelector("[data-live-indicator]");
  let refreshing = false;
  let again = false;

  function setIndicator(text) {
    const el = indicator();
    if (el) {
      el.hidden = false;
      el.textContent = text;
    }
  }

  async function refresh() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      do {
        again = false;
        const response = await fetch(location.pathname + location.search, { cache: "no-store", headers: { Accept: "text/html" } });
        if (!response.ok) {
          return;
        }
        const doc = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = doc.getElementById("status-main");
        const current = document.getElementById("status-main");
        if (!fresh || !current) {
          return;
        }
        const open = new Set(Array.from(current.querySelectorAll("details[open]"))
          .map((d) => d.closest("[data-update-id]")?.getAttribute("data-update-id")));
        fresh.querySelectorAll("details").forEach((d) => {
          if (open.has(d.closest("[data-update-id]")?.getAttribute("data-update-id"))) {
            d.open = true;
          }
        });
        current.replaceWith(fresh);
        // The server could not read fresh data and served its last good page: say so.
        setIndicator(response.headers.get("X-Status-Stale") ? " · could not refresh; the data above may be old" : " · live");
        document.title = doc.title;
        const announcer = document.querySelector("[data-live-announcer]");
        if (announcer) {
          announcer.textContent = "Status updated.";
        }
      } while (again);
    } catch {
      // Network trouble: the next change or reconnect tries again.
    } finally {
      refreshing = false;
    }
  }

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/status")
    .withAutomaticReconnect([0, 2000, 5000, 10000, 30000])
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  connection.on("changed", (change) => {
    if (incidentId && change && change.incidentId != null && String(change.incidentId) !== incidentId) {
      return;
    }
    refresh();
  });
  connection.onreconnecting(() => setIndicator(" · reconnecting…"));
  connection.onreconnected(() => { setIndicator(" · live"); refresh(); });
  connection.onclose(() => setIndicator(" · not live: reload for news"));

  async function start(delay) {
    try {
      await connection.start();
      setIndicator(" · live");
      main.setAttribute("data-live", "connected");
      document.documentElement.setAttribute("data-live", "connected");
    } catch {
      setIndicator(" · connecting…");
      setTimeout(() => start(Math.min(delay * 2, 30000)), delay);
    }
  }
  start(2000);
})();
