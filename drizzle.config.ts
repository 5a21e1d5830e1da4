import { defineConfig } from "drizzle-kit";

// drizzle-kit only diffs the TypeScript schema against drizzle/meta snapshots
// (`npm run db:generate`); migrations are applied by scripts/migrate.ts so the
// same files run on PGlite and on PostgreSQL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/db/src/schema/index.ts",
  out: "./drizzle",
});
