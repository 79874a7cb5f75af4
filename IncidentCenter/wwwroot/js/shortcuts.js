// Keyboard shortcuts for signed-in pages. Single keys act only when no text field has the focus, so
// typing "n" or "/" into a box is never taken; Ctrl+K (or Cmd+K) works everywhere.
//   /    focus the search box          n    declare an incident
//   t    the timeline composer         g d  the dashboard
//   ?    list the shortcuts            Ctrl+K  command palette
window.icShortcuts = (() => {
  let app = null;
  let queued = null; // Ctrl+K or ? pressed before this page's circuit took the keys: runs once it does.
  let pendingG = 0;

  const typing = (el) => window.icFocus.typing(el); // js/focus.js

  // Finds a field by the words of its visible label, so no page needs extra markup.
  const byLabel = (words) => {
    for (const label of document.querySelectorAll("label")) {
      if (label.textContent.trim().startsWith(words) && label.control) return label.control;
    }
    return null;
  };

  const focus = (el) => {
    if (!el) return false;
    el.scrollIntoView({ block: "center" });
    el.focus();
    return true;
  };

  const onKey = (e) => {
    if (!app) {
      // A page that is becoming interactive (it has the "Connecting…" line) keeps a hurried Ctrl+K or ?.
      const palette = (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k";
      const help = e.key === "?" && !typing(document.activeElement);
      if ((palette || help) && document.getElementById("app-connecting")) {
        e.preventDefault();
        queued = palette ? "OpenPalette" : "OpenHelp";
      }
      return;
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
      e.preventDefault();
      app.invokeMethodAsync("OpenPalette");
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(document.activeElement)) return;
    if (document.querySelector(".mud-dialog-container")) return;
    const now = Date.now();
    if (pendingG && now - pendingG < 1500 && e.key === "d") {
      pendingG = 0;
      e.preventDefault();
      Blazor.navigateTo("/");
      return;
    }
    pendingG = 0;
    switch (e.key) {
      case "/":
        if (focus(document.querySelector("[data-shortcut='search']") || byLabel("Search"))) e.preventDefault();
        break;
      case "n":
        e.preventDefault();
        Blazor.navigateTo("/incidents/declare");
        break;
      case "t":
        if (focus(byLabel("New timeline entry"))) e.preventDefault();
        break;
      case "g":
        pendingG = now;
        break;
      case "?":
        e.preventDefault();
        app.invokeMethodAsync("OpenHelp");
        break;
    }
  };

  document.addEventListener("keydown", onKey);
  return {
    attach: (dotnet) => {
      app = dotnet;
      if (queued) {
        const method = queued;
        queued = null;
        app.invokeMethodAsync(method);
      }
    },
    detach: () => { app = null; },
  };
})();
