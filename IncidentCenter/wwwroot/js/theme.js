// Remembers the light/dark choice on this device for a year (read by the server on the next page).
window.icTheme = {
  remember: (value) => {
    document.cookie = `ic-theme=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
  },
};
