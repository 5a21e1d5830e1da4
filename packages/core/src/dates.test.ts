import { describe, expect, it } from "vitest";
import { isCalendarDay, tzOffsetMinutes, zonedMidnight } from "./dates";

describe("shop calendar days", () => {
  it("starts a Shanghai day at 16:00 UTC the evening before", () => {
    expect(zonedMidnight("2026-11-24", 0, "Asia/Shanghai").toISOString()).toBe("2026-11-23T16:00:00.000Z");
    expect(zonedMidnight("2026-11-24", 1, "Asia/Shanghai").toISOString()).toBe("2026-11-24T16:00:00.000Z");
  });
  it("follows daylight saving time", () => {
    expect(tzOffsetMinutes("America/New_York", new Date("2026-07-01T12:00:00Z"))).toBe(-240);
    expect(zonedMidnight("2026-01-15", 0, "America/New_York").toISOString()).toBe("2026-01-15T05:00:00.000Z");
  });
});

describe("calendar days", () => {
  it.each([
    ["2024-02-29", true],
    ["2026-12-31", true],
    ["2024-13-01", false],
    ["2023-02-29", false],
    ["2024-02-30", false],
    ["2024-00-10", false],
    ["2024-1-01", false],
    ["", false],
  ])("%s → %s", (s, ok) => expect(isCalendarDay(s)).toBe(ok));
});
