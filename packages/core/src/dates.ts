/** Minutes the zone is ahead of UTC at the given instant (e.g. +480 for Asia/Shanghai). */
export function tzOffsetMinutes(timeZone: string, at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** The instant a calendar day (YYYY-MM-DD, plus `plusDays`) starts in a time zone. */
export function zonedMidnight(day: string, plusDays: number, timeZone: string): Date {
  const utc = new Date(`${day}T00:00:00Z`);
  utc.setUTCDate(utc.getUTCDate() + plusDays);
  return new Date(utc.getTime() - tzOffsetMinutes(timeZone, utc) * 60_000);
}

/** A real calendar day written YYYY-MM-DD ("2024-13-01" and "2024-02-30" are not: they would be Invalid Date or another day). */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
