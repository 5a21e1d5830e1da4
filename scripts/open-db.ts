import { openDatabase, optionsFromEnv, type Database } from "../packages/db/src/client";
import { DatabaseLockedError } from "../packages/db/src/lock";

/** Opens the admin database for a CLI script; a held embedded database is a one-line error, not a stack trace. */
export async function openForScript(): Promise<Database> {
  try {
    return await openDatabase(optionsFromEnv());
  } catch (e) {
    if (e instanceof DatabaseLockedError) {
      console.error(`✖ ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}
