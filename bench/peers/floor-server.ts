// The floor: relays every binary frame to the other sockets on the same path, with no Yjs at all.
// Started as a child process by bench/servers/floor.ts.

import { createServer } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 0);

const rooms = new Map<string, Set<WebSocket>>();
const http = createServer((_req, res) => res.writeHead(426).end());
const wss = new WebSocketServer({ server: http });

wss.on('connection', (socket, request) => {
  const name = request.url ?? '/';
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = new Set()));
  const members = room;
  members.add(socket);
  socket.on('message', (data, isBinary) => {
    for (const other of members) if (other !== socket) other.send(data, { binary: isBinary });
  });
  socket.on('close', () => {
    members.delete(socket);
    if (members.size === 0) rooms.delete(name);
  });
});

http.listen(port, host, () => console.log(`floor ready on ${host}:${port}`));
process.once('SIGTERM', () => {
  for (const socket of wss.clients) socket.terminate();
  http.close(() => process.exit(0));
});
