// Hocuspocus 4 as the benchmark runs it: stock configuration, in memory, or with the SQLite
// extension when SQLITE_PATH is set. Started as a child process by bench/servers/hocuspocus.ts.

import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 0);
const sqlitePath = process.env.SQLITE_PATH;

const server = new Server({
  address: host,
  port,
  quiet: true,
  // On SIGINT/SIGTERM it stores every loaded document and exits.
  stopOnSignals: true,
  extensions: sqlitePath ? [new SQLite({ database: sqlitePath })] : [],
});

await server.listen();
console.log(`hocuspocus ready on ${host}:${server.address.port}`);
