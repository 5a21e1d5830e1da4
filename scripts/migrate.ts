import { openDatabase, optionsFromEnv } from "../packages/db/src/client";
import { migrate } from "../packages/db/src/migrate";

const database = await openDatabase(optionsFromEnv());
await migrate(database);
console.log(`migrated (${database.kind}: ${database.where})`);
await database.close();
