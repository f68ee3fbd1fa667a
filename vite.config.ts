// Builds the browser client: one ES module, /embed.js, defining every custom element.

import { defineConfig } from 'vite';

export default defineConfig({
  mode: 'production',
  // Lit ships a development build under the "development" condition; never bundle that one.
  resolve: { conditions: ['browser', 'production', 'module', 'import', 'default'] },
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: {
      entry: 'client/embed.ts',
      formats: ['es'],
      fileName: () => 'embed.js',
    },
    rollupOptions: {
      // Everything is bundled: an embedding page loads one file and nothing from a CDN.
      external: [],
    },
  },
});
