/**
 * A block component's ticking (the countdown): each second re-sends only the
 * clock, and once the sale has ended the timer stops.
 */
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { blockComponent } from "../template/lib/component";
import { API, DATA, P1 } from "./fixtures";

beforeEach(() => vi.useFakeTimers({ now: new Date("2026-06-01T00:00:00.000Z") }));
afterEach(() => vi.useRealTimers());

test("the countdown ticks the clock only, and stops at 已结束", () => {
  const options = blockComponent("countdown", { tickMs: 1000 });
  const sent: Record<string, unknown>[] = [];
  const self = {
    data: {
      block: { id: "sale", type: "countdown", props: { title: "限时特惠", endsAt: "2026-06-01T00:00:02.500Z", productIds: [P1] } },
      blockData: DATA,
      env: { apiBase: API, locale: "zh-CN" as const, now: Date.now() },
    } as Record<string, unknown>,
    setData(d: Record<string, unknown>) {
      sent.push(d);
    },
  } as { data: Record<string, unknown>; setData(d: Record<string, unknown>): void };
  options.lifetimes.attached.call(self as never);
  expect(Object.keys(sent[0]!)).toEqual(["view"]); // the first paint: the whole block, its products too
  vi.advanceTimersByTime(1000);
  expect(Object.keys(sent[1]!).sort()).toEqual(["view.ended", "view.parts"]);
  vi.advanceTimersByTime(2000);
  expect(sent.at(-1)).toMatchObject({ "view.ended": true });
  const after = sent.length;
  vi.advanceTimersByTime(10_000);
  expect(sent.length).toBe(after); // stopped
  options.lifetimes.detached.call(self as never);
});
