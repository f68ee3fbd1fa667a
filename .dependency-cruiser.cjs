// `npm run lint` checks the architecture with this: no import cycles, and dependencies that flow one
// way (docs/architecture.md). Client and server meet only in ./shared; the collaboration core knows
// nothing of HTTP or SQL; storage knows nothing of WebSockets.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'shared-stands-alone',
      comment: './shared is used by both sides and imports neither.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(server|client)/' },
    },
    { name: 'client-not-server', severity: 'error', from: { path: '^client/' }, to: { path: '^server/' } },
    { name: 'server-not-client', severity: 'error', from: { path: '^server/' }, to: { path: '^client/' } },
    {
      name: 'collab-knows-no-http-or-sql',
      severity: 'error',
      from: { path: '^server/collab/' },
      to: { path: ['^server/http/', '^server/storage/(sqlite|postgres)/', 'node_modules/(hono|@hono|ws|better-sqlite3|pg|drizzle-orm)/'] },
    },
    {
      name: 'storage-knows-no-websockets',
      severity: 'error',
      from: { path: '^server/storage/' },
      to: { path: ['^server/(collab|http)/', 'node_modules/(ws|@hono/node-ws)/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
