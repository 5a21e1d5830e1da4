import { openForScript } from "./open-db";
import { migrate } from "../packages/db/src/migrate";
import { seedDemo } from "../packages/db/src/seed";

// Idempotent: run it as often as you like.
const database = await openForScript();
await migrate(database);
const ids = await seedDemo(database.db);
console.log(`seeded demo data (${database.kind}: ${database.where}): tenants tea, beauty, fresh`, process.env.VERBOSE ? ids : "");
await database.close();
