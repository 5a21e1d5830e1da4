/**
 * Runs one tick of the scheduled jobs (expire unpaid orders, complete orders
 * past the return window, retry stuck refunds, drain the outbox; today's
 * distribution run and any month close not yet made, each shop's settlement of the
 * day, the WeChat audit poll) and prints what it did. For a
 * cron on PostgreSQL deployments; the app server also runs it every minute.
 * On the embedded database, stop the app first (PGlite has one owner).
 */
import { tick } from "../packages/server/src/jobs";
import { openForScript } from "./open-db";

const database = await openForScript();
try {
  // The same tick as the app server's: the sweep, and today's distribution run unless done (recorded in job runs).
  await tick(database.db);
} finally {
  await database.close();
}
