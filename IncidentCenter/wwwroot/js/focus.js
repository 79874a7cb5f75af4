// After a navigation, the page's heading takes the focus (so a screen reader announces the new page),
// unless the person is already in a text field or a dialog: that focus is theirs (Shared/FocusHeadingOnNavigate.cs).
window.icFocus = {
  // A field the person types in (not a checkbox, radio or button); the shortcuts use the same rule.
  typing(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) &&
      !(el.tagName === "INPUT" && /^(checkbox|radio|button|submit)$/i.test(el.type));
  },
  busy(el) {
    if (!el || el === document.body) return false;
    if (this.typing(el)) return true;
    return !!el.closest("[role='dialog'], .mud-dialog-container, .mud-popover-open");
  },
  headingUnlessBusy(selector) {
    if (this.busy(document.activeElement)) return;
    const heading = document.querySelector(selector);
    if (!heading) return;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  },
};
