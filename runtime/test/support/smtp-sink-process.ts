/**
 * A real SMTP server in its own process (smtp-server), for the email delivery tests. Each email
 * it accepts (250 after DATA) is written whole to `$SINK_DIR/<n>.eml`; it prints
 * `listening <port>` once up and `accepted <n>` per email. Env:
 * - SINK_PORT (0: any free port), SINK_DIR
 * - SINK_HOLD_AT=k: the k-th DATA is held, never answered (prints `holding k`): a client killed
 *   then never got a 250, so the email does not count as delivered
 * - SINK_HOLD_MS: instead of holding forever, answer the held one after this many ms
 * - recipients starting with `bounce` are refused with 550 (a permanent failure)
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

const dir = process.env.SINK_DIR!;
const holdAt = Number(process.env.SINK_HOLD_AT ?? 0);
const holdMs = process.env.SINK_HOLD_MS ? Number(process.env.SINK_HOLD_MS) : null;
let received = 0;
let accepted = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith("bounce")) {
      const error = new Error("mailbox unavailable") as Error & { responseCode: number };
      error.responseCode = 550;
      return callback(error);
    }
    callback();
  },
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      received++;
      const accept = () => {
        accepted++;
        writeFileSync(path.join(dir, `${String(accepted).padStart(5, "0")}.eml`), Buffer.concat(chunks));
        console.log(`accepted ${accepted}`);
        callback();
      };
      if (received === holdAt) {
        console.log(`holding ${received}`);
        if (holdMs !== null) setTimeout(accept, holdMs);
        return;
      }
      accept();
    });
  },
});
server.listen(Number(process.env.SINK_PORT ?? 0), "127.0.0.1", () => {
  const address = server.server.address() as { port: number };
  console.log(`listening ${address.port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
