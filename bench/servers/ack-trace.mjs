// Preloaded into Glossa by workloads F and G (BENCH_ACK_TRACE_FILE set): the server's own side of
// the saved acknowledgement, with no load client's event loop in it. Every sync update a socket
// receives (ws 'message') and every Saved message (type 100) sent on it (ws send) is noted with
// its time; when the server exits, each update is matched to the first Saved message on the same
// socket whose state vector covers it, and [received at (monotonic ms), latency (ms), latency less the
// wait for the client's answer to our sync step 1 (ms)] are written to the file, with the spans its event
// loop was blocked for 10 ms or more (at SIGTERM, and again at exit). Nothing is decoded while the server runs: a
// copy of each frame is kept.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_ACK_TRACE_FILE;
const require = createRequire(`${process.cwd()}/`);
const WebSocket = require('ws');
const Y = require('yjs');
const monoMs = () => Number(process.hrtime.bigint()) / 1e6;

/** @type {Map<object, { updates: [number, Buffer][], acks: [number, Buffer][], askedAt?: number, answeredAt?: number }>} */
const sockets = new Map();
const of = (socket) => {
  let entry = sockets.get(socket);
  if (!entry) sockets.set(socket, (entry = { updates: [], acks: [] }));
  return entry;
};
const bytesOf = (data) => (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data));

const emit = WebSocket.prototype.emit;
WebSocket.prototype.emit = function (event, ...args) {
  if (event === 'message') {
    const data = args[0];
    const first = Array.isArray(data) ? data[0] : data;
    const head = first instanceof ArrayBuffer ? new Uint8Array(first, 0, 2) : first;
    // Sync (0), step 2 (1) or update (2).
    if (head[0] === 0 && (head[1] === 1 || head[1] === 2)) {
      const entry = of(this);
      const at = monoMs();
      if (head[1] === 1) entry.answeredAt ??= at;
      entry.updates.push([at, Buffer.from(bytesOf(data))]);
    }
  }
  return emit.call(this, event, ...args);
};
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data, ...rest) {
  if (data && data[0] === 100) of(this).acks.push([monoMs(), Buffer.from(data)]);
  else if (data && data[0] === 0 && data[1] === 0) of(this).askedAt ??= monoMs();
  return send.call(this, data, ...rest);
};

// The server's own stalls: a frame that arrives while the event loop is blocked waits in the socket,
// before 'message', so no latency above sees that wait. A 5 ms tick that comes 10 ms late or more does.
const stalls = [];
const tick = (due) => {
  const now = monoMs();
  if (now - due >= 10) stalls.push([Math.round(due * 100) / 100, Math.round(now * 100) / 100]);
  const next = now + 5;
  setTimeout(() => tick(next), 5).unref();
};
if (file) tick(monoMs());

/** A varUint at `at`: [value, next offset]. */
function varUint(bytes, at) {
  let value = 0;
  let shift = 1;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * shift;
    if (byte < 0x80) return [value, at];
    shift *= 128;
  }
}
/** The payload of a message whose header is `skip` varUints, then a varUint8Array. */
function payload(bytes, skip) {
  let at = 0;
  for (let i = 0; i < skip; i++) at = varUint(bytes, at)[1];
  const [length, start] = varUint(bytes, at);
  return bytes.subarray(start, start + length);
}

function write() {
  if (!file) return;
  const pairs = [];
  let unacked = 0;
  for (const { updates, acks, askedAt, answeredAt } of sockets.values()) {
    const vectors = acks.map(([at, bytes]) => [at, Y.decodeStateVector(payload(bytes, 1))]);
    let from = 0;
    for (const [at, bytes] of updates) {
      const { to } = Y.parseUpdateMeta(payload(bytes, 2));
      if (to.size === 0) continue; // an empty sync step 2: nothing to store
      while (from < vectors.length && vectors[from][0] < at) from++;
      let acked = -1;
      for (let i = from; i < vectors.length && acked < 0; i++) {
        const [ackAt, vector] = vectors[i];
        let covers = true;
        for (const [client, clock] of to) if ((vector.get(client) ?? 0) < clock) covers = false;
        if (covers) acked = ackAt;
      }
      if (acked < 0) unacked++;
      else {
        // An edit sent before the client answered our sync step 1 may build on what only that answer
        // brings: the server holds it until then. From when the server sent its sync step 1 to when
        // it read the answer is a round trip through the client's event loop; before, the server's.
        const waited = answeredAt === undefined ? 0 : Math.max(0, answeredAt - Math.max(at, askedAt ?? at));
        const own = acked - at - waited;
        pairs.push([Math.round(at * 100) / 100, Math.round((acked - at) * 100) / 100, Math.round(own * 100) / 100]);
      }
    }
  }
  writeFileSync(file, JSON.stringify({ pairs, unacked, stalls }));
}
process.on('exit', write);
// Also as the stop begins: a stop that runs past the harness's patience ends in SIGKILL, with no exit.
process.on('SIGTERM', write);
