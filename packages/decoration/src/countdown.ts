/**
 * The state of a countdown at a moment: time left, or ended (the block then
 * says 已结束). No imports: the storefront's clock bundles only this.
 */
export function countdownState(endsAt: string, now: number) {
  const left = Date.parse(endsAt) - now;
  if (!(left > 0)) return { ended: true as const, days: 0, hours: 0, minutes: 0, seconds: 0 };
  const s = Math.floor(left / 1000);
  return { ended: false as const, days: Math.floor(s / 86400), hours: Math.floor((s % 86400) / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
}
