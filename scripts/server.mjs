// npm start: the built app on one Node.js process per core. `next start` serves every request on
// one JavaScript thread; measured under 50 concurrent on-call clients on the 2-core machine, that
// thread was saturated while the second core idled (bench:alerts). Here node:cluster runs
// WEB_CONCURRENCY workers (default: the cores available) that share the listening socket; each
// is a complete Next.js server (next({ dev: false }).getRequestHandler(), the documented custom
// server), and every piece of state lives in PostgreSQL, so any worker can answer any request.
//
// PORT (or -p), HOSTNAME (default: all interfaces, as next start). A worker that dies is replaced;
// SIGTERM / SIGINT close the listeners, let requests in flight finish, then exit.
import cluster from "node:cluster";
import { createServer } from "node:http";
import { availableParallelism } from "node:os";
import next from "next";

const portFlag = process.argv.indexOf("-p");
const port = Number(portFlag >= 0 ? process.argv[portFlag + 1] : (process.env.PORT ?? 3000));
const hostname = process.env.HOSTNAME || undefined;
const workers = Number(process.env.WEB_CONCURRENCY || availableParallelism());
if (!Number.isInteger(port) || port < 1 || port > 65_535)
  throw new Error(`PORT must be a port number, got ${port}`);
if (!Number.isInteger(workers) || workers < 1)
  throw new Error(`WEB_CONCURRENCY must be a whole number ≥ 1, got ${process.env.WEB_CONCURRENCY}`);

if (cluster.isPrimary && workers > 1) {
  let stopping = false;
  const started = new Map();
  const fork = () => started.set(cluster.fork().id, Date.now());
  for (let i = 0; i < workers; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that dies within 10 s of starting is broken (a bad build, a missing variable):
    // stop instead of restarting it in a loop.
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    console.error(
      `worker ${worker.process.pid} exited (${signal ?? code}) after ${Math.round(lived / 1000)} s`,
    );
    if (lived < 10_000) {
      console.error("it died during start-up; stopping");
      process.exit(1);
    }
    fork();
  });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    });
  }
} else {
  const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? "localhost", port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((request, response) => handle(request, response));
  // Node's defaults close idle keep-alive sockets after 5 s; a proxy in front usually keeps them longer.
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => {
    if (!cluster.isWorker || cluster.worker?.id === 1)
      console.log(
        `▲ Driftwatch on http://${hostname ?? "localhost"}:${port} (${workers} worker${workers > 1 ? "s" : ""})`,
      );
  });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      server.close(() => app.close().finally(() => process.exit(0)));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 10_000).unref();
    });
  }
}
