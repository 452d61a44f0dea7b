import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // pg / Prisma's adapter and PGlite are Node packages; keep them out of the server bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@electric-sql/pglite"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
