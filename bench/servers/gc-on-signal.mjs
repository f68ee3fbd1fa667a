// Preloaded into every server under test (with --expose-gc): SIGUSR2 runs a full GC, so memory
// is read after garbage is gone and servers are compared on what they actually keep.
process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
});
