// Starts Blazor with reconnection suited to an incident tool: after a dropped connection or a
// server restart the page tries once at once, then every second for two minutes (so it is live
// again within about a second of the server being back), then every 5 s for 20 more minutes.
Blazor.start({
  circuit: {
    reconnectionOptions: {
      maxRetries: 360,
      retryIntervalMilliseconds: (previousAttempts, maxRetries) =>
        previousAttempts >= maxRetries ? null : previousAttempts === 0 ? 0 : previousAttempts < 120 ? 1000 : 5000,
    },
  },
});
