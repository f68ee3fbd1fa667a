// Builds the browser client: one ES module, /embed.js, defining every custom element, and the small
// scripts of Glossa's own pages (they run no inline script: docs/security.md).

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
      entry: {
        embed: 'client/embed.ts',
        'document-page': 'client/pages/document-page.ts',
        'embed-example': 'client/pages/embed-example.ts',
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rollupOptions: {
      // Everything is bundled: an embedding page loads one file and nothing from a CDN.
      external: [],
    },
  },
});
