// Every server the benchmark knows, in report order (Glossa first, the floor last).

import { floor } from './floor.js';
import { glossa, glossaPostgres } from './glossa.js';
import { hocuspocusMemory, hocuspocusSqlite } from './hocuspocus.js';
import type { ServerSpec } from './types.js';
import { yWebsocketLevelDb, yWebsocketMemory } from './y-websocket.js';

export const ALL_SERVERS: readonly ServerSpec[] = [glossa, yWebsocketMemory, yWebsocketLevelDb, hocuspocusMemory, hocuspocusSqlite, floor];

export const SUBJECT_ID = glossa.id;

/** Servers run only when named in --servers (they need something the machine may not have). */
export const OPT_IN_SERVERS: readonly ServerSpec[] = [glossaPostgres];

/** Every server --servers may name, in report order. */
export const KNOWN_SERVERS: readonly ServerSpec[] = [glossa, glossaPostgres, ...ALL_SERVERS.slice(1)];
