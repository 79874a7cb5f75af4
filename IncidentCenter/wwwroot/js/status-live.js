// Live refresh for the public status pages. The page is complete without this script: it is
// rendered on the server. When the server's event stream (/status/live, Server-Sent Events) says
// something changed, the page fetches its own address again and swaps <main>, keeping open
// "Original text" folds open. EventSource reconnects by itself and sends the last event id; the
// server then says "changed" at once if a publish was missed meanwhile.
(function () {
  "use strict";
  const main = document.getElementById("status-main");
  if (!main || !window.EventSource || !window.fetch) {
    return;
  }
  const incidentId = main.getAttribute("data-incident-id");
  const indicator = () => document.querySelector("[data-live-indicator]");
  let refreshing = false;
  let again = false;
  let source = null;
  let lastId = "";
  let retryDelay = 2000;
  let retryTimer = 0;

  function setIndicator(text) {
    const el = indicator();
    if (el) {
      el.hidden = false;
      el.textContent = text;
    }
  }

  function setConnected(connected) {
    document.documentElement.setAttribute("data-live", connected ? "connected" : "disconnected");
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

  function remember(event) {
    if (event.lastEventId) {
      lastId = event.lastEventId;
    }
  }

  function connect() {
    clearTimeout(retryTimer);
    // A new EventSource cannot set Last-Event-ID itself: the server reads ?last= the same way.
    source = new EventSource("/status/live" + (lastId ? "?last=" + encodeURIComponent(lastId) : ""));
    source.addEventListener("open", () => {
      retryDelay = 2000;
      setIndicator(" · live");
      setConnected(true);
    });
    source.addEventListener("ready", remember);
    source.addEventListener("changed", (event) => {
      remember(event);
      let change = null;
      try {
        change = JSON.parse(event.data);
      } catch {
        // Unreadable: refresh anyway.
      }
      if (incidentId && change && change.incidentId != null && String(change.incidentId) !== incidentId) {
        return;
      }
      refresh();
    });
    source.addEventListener("error", () => {
      setConnected(false);
      if (source.readyState === EventSource.CLOSED) {
        // Refused (e.g. the server is at its connection limit): try again later, backing off.
        setIndicator(" · connecting…");
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 60000);
      } else {
        setIndicator(" · reconnecting…");
      }
    });
  }

  // A hidden tab lets its stream go (browsers allow few connections per site over HTTP/1.1) and
  // catches up when shown again: the server compares the last event id it had.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      clearTimeout(retryTimer);
      if (source) {
        source.close();
        source = null;
      }
      setConnected(false);
    } else if (!source) {
      connect();
    }
  });
  if (document.visibilityState !== "hidden") {
    connect();
  }
})();
