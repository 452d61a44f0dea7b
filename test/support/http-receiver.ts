import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: IncomingHttpHeaders; body: string };

/**
 * A real HTTP server on a free loopback port standing in for Slack, PagerDuty and webhook
 * receivers. `answer` picks the status for each request (default 200 / 202 for PagerDuty).
 */
export async function startHttpReceiver(answer: (request: Received) => number = () => 200) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        path: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(request);
      const status = answer(request);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status < 300 ? '{"status":"success"}' : '{"message":"receiver is down"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type HttpReceiver = Awaited<ReturnType<typeof startHttpReceiver>>;
