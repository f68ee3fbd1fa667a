// Entry point of `npm start`: configuration, then the server, then signals.

import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`glossa: bad configuration: ${error.message}`);
  process.exit(1);
}

const log = createLogger(config.logLevel);
try {
  const server = await startServer(config, { log });
  // The plain line is for people and for scripts that wait for the server to be up.
  console.log(`Glossa is listening on ${server.url}`);
  if (config.auth.mode === 'open') {
    const exposed = !['127.0.0.1', 'localhost', '::1'].includes(config.host);
    console.warn(
      `WARNING: open local mode: no GLOSSA_SECRET, GLOSSA_PUBLIC_KEY or GLOSSA_JWKS_URL is set, so anyone who can reach ${server.url} may read, annotate and delete everything.` +
        (exposed ? ` HOST=${config.host} exposes it beyond this machine.` : ' It listens on this machine only.'),
    );
    if (config.allowedOrigins === '*') {
      console.warn(
        'WARNING: ALLOWED_ORIGINS=* in open local mode: a page on any website that a browser on this machine visits may read, change and delete every document here. List the origins that need it instead.',
      );
    }
  }
  if (server.seededDocumentId) console.log(`Sample report: ${server.url}/documents/${server.seededDocumentId}`);
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`glossa: could not start: ${message}`);
  process.exit(1);
}
