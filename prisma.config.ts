import { defineConfig } from "prisma/config";

// Prisma's CLI downloads a native schema engine for every command, which this offline toolchain
// cannot do. generate/validate/format only need the bundled wasm engines, so point the native
// engine at /bin/false for them (never /bin/true: migrate would then "succeed" doing nothing).
// Migrations are applied by scripts/migrate.ts, which records _prisma_migrations like Prisma does.
const wasmOnlyCommands = new Set(["generate", "validate", "format"]);
const command = process.argv.find((arg) => wasmOnlyCommands.has(arg));
if (command && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = "/bin/false";
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Prisma 7 does not read .env; env() would throw when unset, even for `generate`.
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
