// What an unreachable or restarting database looks like through each of our two drivers (Prisma on
// adapter-pg, and pg itself for the hot statements), so a door can answer 503 instead of 500.

const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"]);
// PostgreSQL: connection exceptions (class 08), shutting down / restarting (57P01–57P03), too many connections.
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Can't reach database server/i;

type Inspectable = {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
};

/** True when `error` (or an error it wraps) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const item = current as Inspectable;
    const code = typeof item.code === "string" ? item.code : "";
    if (PRISMA_CODES.has(code) || NODE_CODES.has(code) || SQLSTATE.test(code)) return true;
    const adapter = item.meta?.driverAdapterError?.cause;
    if (adapter && (ADAPTER_KINDS.has(String(adapter.kind)) || SQLSTATE.test(String(adapter.originalCode))))
      return true;
    if (typeof item.message === "string" && MESSAGES.test(item.message)) return true;
    current = item.cause;
  }
  return false;
}
