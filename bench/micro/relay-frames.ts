// What one relay to a room costs in the server's send loop: ws's own send per socket against the
// frame Glossa builds once and writes to every socket (server/http/ws-collab-socket.ts).
// `npx tsx bench/micro/relay-frames.ts [sockets] [rounds]`; the receiving sockets live in a child process.

import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import { SharedMessage } from '../../server/collab/collab-socket.js';
import { WsCollabSocket } from '../../server/http/ws-collab-socket.js';
import { median } from '../stats.js';

const PAYLOAD_BYTES = 280; // about one annotation's update, as in workload A

if (process.argv[2] === '--receive') {
  const [port, count] = process.argv.slice(3).map(Number);
  for (let i = 0; i < count!; i++) new WebSocket(`ws://127.0.0.1:${port}`).on('message', () => undefined);
} else {
  const count = Number(process.argv[2] ?? 100);
  const rounds = Number(process.argv[3] ?? 2000);
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const sockets: { raw: WebSocket; wrapped: WsCollabSocket }[] = [];
  const connected = new Promise<void>((resolve) =>
    wss.on('connection', (raw) => {
      sockets.push({ raw, wrapped: new WsCollabSocket(raw) });
      if (sockets.length === count) resolve();
    }),
  );
  const child = fork(fileURLToPath(import.meta.url), ['--receive', String((wss.address() as AddressInfo).port), String(count)], {
    execArgv: ['--import', 'tsx'],
  });
  await connected;
  const payload = new Uint8Array(PAYLOAD_BYTES).map((_, i) => i);
  const modes = {
    'ws send per socket': (data: Uint8Array) => {
      for (const { raw } of sockets) raw.send(data);
    },
    'one shared frame': (data: Uint8Array) => {
      const message = new SharedMessage(data);
      for (const { wrapped } of sockets) wrapped.send(message);
    },
  };
  const ALTERNATIONS = 6;
  const results: Record<string, number[]> = {};
  for (let repeat = 0; repeat < ALTERNATIONS; repeat++) {
    for (const [name, relay] of Object.entries(modes)) {
      let loopNs = 0n;
      for (let r = 0; r < rounds; r++) {
        const data = new Uint8Array(payload);
        const t0 = process.hrtime.bigint();
        relay(data);
        loopNs += process.hrtime.bigint() - t0;
        // Spaced like A's rounds, so the receivers drain between relays.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      (results[name] ??= []).push(Number(loopNs) / rounds / 1000);
    }
  }
  console.log(`${count} sockets, ${rounds} relays of ${PAYLOAD_BYTES} bytes, ${ALTERNATIONS} alternations; µs in the send loop per relay:`);
  for (const [name, values] of Object.entries(results)) {
    console.log(`  ${name.padEnd(20)} median ${median(values).toFixed(0)}  (${values.map((v) => v.toFixed(0)).join(', ')})`);
  }
  child.kill();
  wss.close();
}
