// A real HTTP receiver for the skill-loss alarm's webhook on 127.0.0.1. `mode` decides how it
// answers: "ok" (204), "fail" (503) or "hang" (reads the request, never answers); every request
// is recorded with its headers and parsed JSON body. `close()` drops hung connections too.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedAlert {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface AlertReceiver {
  url: string;
  mode: "ok" | "fail" | "hang";
  /** Every request, including those it failed or left hanging. */
  requests: ReceivedAlert[];
  /** The requests it answered with 2xx. */
  accepted: ReceivedAlert[];
  close(): Promise<void>;
}

export async function startAlertReceiver(mode: AlertReceiver["mode"] = "ok"): Promise<AlertReceiver> {
  const receiver: AlertReceiver = { url: "", mode, requests: [], accepted: [], close: async () => undefined };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // recorded as text: the test's assertion says what was wrong
    }
    const alert = { method: req.method ?? "", headers: req.headers, body };
    receiver.requests.push(alert);
    if (receiver.mode === "hang") return; // never answers
    if (receiver.mode === "fail") {
      res.writeHead(503).end("unavailable");
      return;
    }
    receiver.accepted.push(alert);
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  receiver.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return receiver;
}
