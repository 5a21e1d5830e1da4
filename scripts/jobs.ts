/**
 * Runs the scheduled order job once (expire unpaid orders, complete orders
 * past the return window, retry stuck refunds) and prints what it did. For a
 * cron on PostgreSQL deployments; the app server also runs it every minute.
 * On the embedded database, stop the app first (PGlite has one owner).
 */
import { runOrderSweep } from "../packages/db/src/flows/jobs";
import { runDistributionDaily } from "../packages/db/src/flows/commissions";
import { paymentsRuntime } from "../packages/server/src/payments";
import { openForScript } from "./open-db";

const database = await openForScript();
try {
  console.log(JSON.stringify(await runOrderSweep(database.db, paymentsRuntime().providers)));
  console.log(JSON.stringify(await runDistributionDaily(database.db)));
} finally {
  await database.close();
}
