/**
 * A storefront's own marks (white label: nothing of the platform). Pure.
 */

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const COLOR = /^#[0-9a-fA-F]{3,8}$/;

/** The first letter of the shop's name, upper-cased ("青山茶舍" → "青", "tea" → "T"). */
export function initial(name: string): string {
  const first = [...name.trim()][0] ?? "?";
  return first.toUpperCase();
}

/** A favicon for a shop without a logo: its initial on its theme colour, as an SVG data URL. */
export function letterIcon(name: string, color: string, foreground = "#ffffff"): string {
  const bg = COLOR.test(color) ? color : "#334155";
  const fg = COLOR.test(foreground) ? foreground : "#ffffff";
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${bg}"/>` +
    `<text x="32" y="44" font-size="34" font-family="sans-serif" font-weight="700" text-anchor="middle" fill="${fg}">${escapeXml(initial(name))}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
