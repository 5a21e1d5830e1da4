// Runs before `npm run dev` / `npm start`: migrate and seed the demo tenants (idempotent).
import { openForScript } from "./open-db";
import { migrate } from "../packages/db/src/migrate";
import { seedDemo } from "../packages/db/src/seed";
import { dropCachedRenders } from "./render-cache";

const database = await openForScript();
await migrate(database);
if (process.env.SKIP_SEED !== "1") await seedDemo(database.db);
console.log(`database ready (${database.kind}: ${database.where})`);
await database.close();
dropCachedRenders();
