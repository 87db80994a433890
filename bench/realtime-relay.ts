/**
 * The baseline of `bench:realtime`: a minimal WebSocket relay (`ws`) with Redis pub/sub fan-out,
 * nothing else (no auth, no database, no ordering, no resume). A socket connects with
 * `?groups=a,b`; a frame `{"g":"a",…}` it sends is published on Redis and every relay process
 * hands it to its sockets in group `a`. Prints `listening <port>`. Env: REDIS_URL, RELAY_CHANNEL.
 */
import { Redis } from "ioredis";
import { WebSocketServer, type WebSocket } from "ws";

const channel = process.env.RELAY_CHANNEL ?? "relay";
const pub = new Redis(process.env.REDIS_URL!);
const sub = new Redis(process.env.REDIS_URL!);
const groups = new Map<string, Set<WebSocket>>();

await sub.subscribe(channel);
sub.on("message", (_channel: string, message: string) => {
  const g = (JSON.parse(message) as { g: string }).g;
  for (const socket of groups.get(g) ?? []) socket.send(message);
});

const server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
server.on("connection", (socket, request) => {
  const mine = new URL(request.url ?? "/", "http://x").searchParams.get("groups")?.split(",") ?? [];
  for (const g of mine) {
    if (!groups.has(g)) groups.set(g, new Set());
    groups.get(g)!.add(socket);
  }
  socket.on("message", (data) => void pub.publish(channel, data.toString()));
  socket.on("close", () => mine.forEach((g) => groups.get(g)?.delete(socket)));
  socket.send('{"type":"ready"}');
});
server.on("listening", () => process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`));
process.once("SIGTERM", () => {
  server.close();
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
});
