import { openForScript } from "./open-db";
import { verifyAllLedgers } from "../packages/db/src/flows/ledger-verify";

// npm run ledger:verify: every stored balance equals its entries, every transfer balances (exit 1 otherwise).
const database = await openForScript();
const { tenants, problems } = await verifyAllLedgers(database.db);
await database.close();
if (problems.length) {
  for (const p of problems) console.error(`✖ ${JSON.stringify(p)}`);
  console.error(`ledger: ${problems.length} problem(s) in ${tenants} shop(s) (${database.kind}: ${database.where})`);
  process.exit(1);
}
console.log(`ledger holds: ${tenants} shop(s), every balance equals its entries and every transfer balances (${database.kind}: ${database.where})`);
