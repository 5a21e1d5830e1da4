import { z } from "zod";
import { getDb } from "@/packages/server/src/db";
import { paymentsRuntime } from "@/packages/server/src/payments";
import { runOrderSweep } from "@/packages/db/src/flows/jobs";
import { runSettlementDaily } from "@/packages/db/src/flows/settlement";
import { runBonusDays } from "@/packages/db/src/flows/bonus-day";
import { runPayouts } from "@/packages/db/src/flows/payouts";
import { payoutDeps, payoutsRuntime } from "@/packages/server/src/payouts";

export const dynamic = "force-dynamic";

const input = z.object({ at: z.iso.datetime({ offset: true }), jobs: z.array(z.enum(["orders", "settlement", "bonus-day", "payouts"])).min(1).max(4) });

/**
 * POST /api/test/jobs {at, jobs}: runs scheduled jobs as of a moment the caller chooses (the browser tests'
 * clock: orders completing after their return window, the day's settlement, bonus day, payouts). Exists only
 * with ALLOW_TEST_CLOCK=1, which no deployment sets; otherwise it answers 404 like any unknown address.
 */
export async function POST(req: Request) {
  if (process.env.ALLOW_TEST_CLOCK !== "1") return new Response("not found", { status: 404 });
  const parsed = input.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message ?? "invalid" }, { status: 400 });
  const at = new Date(parsed.data.at);
  const db = await getDb();
  const out: Record<string, unknown> = {};
  for (const job of parsed.data.jobs) {
    if (job === "orders") out.orders = await runOrderSweep(db, paymentsRuntime().providers, 200, at);
    if (job === "settlement") out.settlement = await runSettlementDaily(db, at);
    if (job === "bonus-day") out.bonusDay = await runBonusDays(db, at);
    if (job === "payouts") out.payouts = await runPayouts(payoutDeps(db, payoutsRuntime(getDb)), 100, at);
  }
  return Response.json({ at: at.toISOString(), ...out });
}
