import type { NextConfig } from "next";

// Every answer: no framing (the alert page's buttons must not be clickjacked), no MIME sniffing,
// no full URLs (which carry alert ids and filters) in the Referer to other sites. Scripts come
// from this origin only; 'unsafe-inline' because Next.js inlines its RSC payload without a nonce
// (and 'unsafe-eval' for the development server's refresh). HSTS belongs to whatever terminates
// TLS in front of the app: these headers are fixed at build time, when the URL is not known.
const scriptSrc =
  process.env.NODE_ENV === "production" ? "'self' 'unsafe-inline'" : "'self' 'unsafe-inline' 'unsafe-eval'";
const SECURITY_HEADERS = [
  {
    key: "Content-Security-Policy",
    value: [
      "default-src 'self'",
      `script-src ${scriptSrc}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  // pg / Prisma's adapter and PGlite are Node packages; keep them out of the server bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@electric-sql/pglite"],
  poweredByHeader: false,
  typedRoutes: false,
  headers: async () => [{ source: "/:path*", headers: SECURITY_HEADERS }],
};

export default nextConfig;
