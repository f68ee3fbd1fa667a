// Every server the benchmark knows, in report order (Glossa first, the floor last).

import { floor } from './floor.js';
import { glossa } from './glossa.js';
import { hocuspocusMemory, hocuspocusSqlite } from './hocuspocus.js';
import type { ServerSpec } from './types.js';
import { yWebsocketLevelDb, yWebsocketMemory } from './y-websocket.js';

export const ALL_SERVERS: readonly ServerSpec[] = [
  glossa,
  yWebsocketMemory,
  yWebsocketLevelDb,
  hocuspocusMemory,
  hocuspocusSqlite,
  floor,
];

export const SUBJECT_ID = glossa.id;
