import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { signInAs } from "./helpers";

/**
 * The platform operator's view of the machinery: every scheduled job's runs
 * (the app's first tick runs today's distribution job a few seconds after
 * start), and order events that failed, retried from the page.
 */
test("the operator sees the scheduled jobs' runs", async ({ page }) => {
  await signInAs(page, "operator@demo.local", "/platform");
  await page.waitForURL("**/platform");
  const daily = page.locator('[data-testid="job-run"][data-job="distribution.daily"]');
  await expect(async () => {
    await page.reload();
    await expect(daily.first()).toHaveAttribute("data-status", "done", { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(daily.first()).toContainText("分销每日任务");
  await expect(daily.first()).toContainText("已完成");
  // Each shop's closed month is a run of its own.
  await expect(page.locator('[data-testid="job-run"][data-job="distribution.month-close"]').first()).toContainText(/tea|beauty|fresh/);
  await expect(page.getByTestId("outbox-failures")).toBeVisible();
});

// Only the PostgreSQL pass can add a failing event beside the running app (the embedded database has one owner).
const dbUrl = process.env.E2E_DATABASE_URL;
test("a failed order event is listed with its error and retried by the operator", async ({ page }) => {
  test.skip(!dbUrl, "needs E2E_DATABASE_URL (the PostgreSQL pass)");
  const sql = postgres(dbUrl!, { max: 1, onnotice: () => {} });
  let seq: number;
  try {
    // A refund event whose line is not a uuid: it fails in SQL each time it is applied.
    const [row] = await sql<{ seq: number }[]>`
      insert into outbox (tenant_id, topic, key, order_id, payload, attempts, last_error, retry_at, parked_at)
      select o.tenant_id, 'order.refunded', 'e2e-poison:' || gen_random_uuid(), o.id,
             '{"refundId":"00000000-0000-4000-8000-000000000001","full":false,"lines":[{"lineId":"not-a-uuid","amountFen":1}]}'::jsonb,
             5, 'invalid input syntax for type uuid: "not-a-uuid"', now() + interval '1 hour', now()
        from orders o join tenants t on t.id = o.tenant_id where t.slug = 'tea' limit 1
      returning seq::int`;
    seq = row!.seq;
  } finally {
    await sql.end();
  }
  await signInAs(page, "operator@demo.local", "/platform");
  const failure = page.locator(`[data-testid="outbox-failure"][data-seq="${seq}"]`);
  await expect(failure).toHaveAttribute("data-parked", "1");
  await expect(failure).toContainText("已暂停");
  await expect(failure).toContainText("not-a-uuid");
  await failure.getByTestId("outbox-retry").click();
  // Back in the queue, no longer parked: the page drops it until the next tick tries it again (and it fails again, counted from 1).
  await expect(page.locator(`[data-testid="outbox-failure"][data-seq="${seq}"][data-parked="1"]`)).toHaveCount(0);
});
