// Keeps what a responder is typing in browser storage, outside the Blazor circuit, so a draft
// survives a lost connection, a server restart and the page reload that follows.
window.incidentDrafts = {
  load(key) {
    try { return localStorage.getItem("draft:" + key); } catch { return null; }
  },
  clear(key) {
    try { localStorage.removeItem("draft:" + key); } catch { /* storage unavailable */ }
  },
};

document.addEventListener("input", (e) => {
  const key = e.target?.dataset?.draftKey;
  if (!key) return;
  try {
    if (e.target.value) localStorage.setItem("draft:" + key, e.target.value);
    else localStorage.removeItem("draft:" + key);
  } catch { /* storage full or unavailable: the draft is simply not kept */ }
});
