// Keeps what a responder is typing in browser storage, outside the Blazor circuit, so a draft
// survives a lost connection, a server restart and the page reload that follows.
// Keys are "draft:{userId}:{name}" (Shared/BrowserDrafts.cs); a sign-out removes its person's.
window.incidentDrafts = {
  load(key) {
    if (!key) return null;
    try { return localStorage.getItem("draft:" + key); } catch { return null; }
  },
  clear(key) {
    if (!key) return;
    try { localStorage.removeItem("draft:" + key); } catch { /* storage unavailable */ }
  },
  store(key, value) {
    if (!key) return;
    try {
      if (value) localStorage.setItem("draft:" + key, value);
      else localStorage.removeItem("draft:" + key);
    } catch { /* storage full or unavailable: the draft is simply not kept */ }
  },
  // The box's text as the browser has it now (the stored draft once the box is gone).
  read(el, key) {
    if (el && el.isConnected) return el.value;
    return this.load(key) ?? "";
  },
  // Compare-and-set: replaces the text only if nothing was typed since it was read, and tells
  // Blazor's binding (and the stored draft) through an ordinary input event.
  swap(el, key, expected, next) {
    if (el && el.isConnected) {
      if (el.value !== expected) return false;
      if (next !== expected) {
        el.value = next;
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }
      return true;
    }
    if ((this.load(key) ?? "") !== expected) return false;
    this.store(key, next);
    return true;
  },
  clearOwner(owner) {
    try {
      const prefix = "draft:" + owner + ":";
      for (const k of Object.keys(localStorage)) {
        if (k.startsWith(prefix)) localStorage.removeItem(k);
      }
    } catch { /* storage unavailable */ }
  },
};

document.addEventListener("input", (e) => {
  const key = e.target?.dataset?.draftKey;
  if (key) window.incidentDrafts.store(key, e.target.value);
});

// Signing out removes every draft of the person signing out from this browser.
document.addEventListener("submit", (e) => {
  const owner = e.target?.dataset?.draftOwner;
  if (owner) window.incidentDrafts.clearOwner(owner);
}, true);

// Drafts from before keys were per person belong to nobody we can tell; they go.
try {
  for (const k of Object.keys(localStorage)) {
    if (/^draft:(timeline|declare|postmortem|status-update):/.test(k)) localStorage.removeItem(k);
  }
} catch { /* storage unavailable */ }
