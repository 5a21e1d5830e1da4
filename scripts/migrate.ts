import { openForScript } from "./open-db";
import { migrate } from "../packages/db/src/migrate";

const database = await openForScript();
await migrate(database);
console.log(`migrated (${database.kind}: ${database.where})`);
await database.close();
