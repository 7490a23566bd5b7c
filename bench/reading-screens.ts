// Screens for the busy day, in their own process (bench/hub-bench.ts starts it): each one a WebSocket
// that speaks just enough of engine.io and socket.io to be a board (open, connect with the display's
// token, answer pings) and reads every frame the hub sends without decoding it. The hub sends them exactly
// what it sends socket.io clients; what they save is the load generator's own CPU: 50 socket.io clients
// decoding every frame took a core of the bench's two, and the hub's late turns were mostly its thread
// waiting for a core (Linux schedstat) beside them. Boards on their own machines cost the hub's none.
// Driven over IPC:
//   argv: url, how many, token
//   → {ready, connected}            all connected (each has had its snapshot), in steps of 50
//   ← {report} → {frames, dropped}  frames read in all, connections lost; then they close
import WebSocket from 'ws';

const [url, count, token] = [process.argv[2]!, Number(process.argv[3]), process.argv[4] ?? ''];
const sockets: WebSocket[] = [];
let frames = 0;
let dropped = 0;
let closing = false;
const wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;

/** One board: resolves once it has its snapshot (the socket.io event after the namespace's connect). */
function board(): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    sockets.push(ws);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      frames++;
      if (isBinary) return;
      // engine.io packet types: 0 open, 2 ping, 4 message (socket.io inside: 0 connect, 2 event).
      const kind = data[0];
      if (kind === 0x30) ws.send(`40${JSON.stringify({ token })}`);
      else if (kind === 0x32) ws.send('3');
      else if (kind === 0x34 && data.toString('latin1', 0, 13) === '42["snapshot"') resolve();
      else if (kind === 0x34 && data[1] === 0x34) reject(new Error(`refused: ${data.toString()}`));
    });
    ws.on('close', () => closing || dropped++);
    ws.on('error', reject);
  });
}

for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, board));
process.send!({ ready: true, connected: sockets.filter((s) => s.readyState === WebSocket.OPEN).length });

process.on('message', (m: { report?: boolean }) => {
  if (!m.report) return;
  process.send!({ frames, dropped });
  closing = true;
  for (const s of sockets) s.close();
});
