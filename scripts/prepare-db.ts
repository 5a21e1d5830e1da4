// Runs before `npm run dev` / `npm start`: migrate, and seed the demo tenants (idempotent) outside production or with SEED_DEMO=1.
import { openForScript } from "./open-db";
import { migrate } from "../packages/db/src/migrate";
import { seedDemo, shouldSeedDemo } from "../packages/db/src/seed";
import { dropCachedRenders } from "./render-cache";

const database = await openForScript();
await migrate(database);
if (shouldSeedDemo(process.env)) await seedDemo(database.db);
else if (process.env.NODE_ENV === "production" && process.env.SKIP_SEED !== "1") console.log("demo data not seeded (NODE_ENV=production; set SEED_DEMO=1 to seed it)");
console.log(`database ready (${database.kind}: ${database.where})`);
await database.close();
dropCachedRenders();
