// Tab-bar icons of the mini-program template the shops' tab bars may use beyond the four of app.json
// (分销中心, a landing page): 81×81 PNG, lucide's strokes, grey and the template's green when selected.
// Run once: node scripts/make-tab-icons.mjs (the PNGs are committed).
import sharp from "sharp";

const ICONS = {
  distribution: '<circle cx="18" cy="5" r="3"/><circle cx="6" cy="12" r="3"/><circle cx="18" cy="19" r="3"/><line x1="8.59" x2="15.42" y1="13.51" y2="17.49"/><line x1="15.41" x2="8.59" y1="6.51" y2="10.49"/>',
  page: '<path d="M15 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V7Z"/><path d="M14 2v4a2 2 0 0 0 2 2h4"/><path d="M10 9H8"/><path d="M16 13H8"/><path d="M16 17H8"/>',
};
for (const [name, body] of Object.entries(ICONS)) {
  for (const [suffix, colour] of [["", "#64748b"], ["-on", "#1f6f4a"]]) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="81" height="81" viewBox="-2 -2 28 28" fill="none" stroke="${colour}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;
    await sharp(Buffer.from(svg)).png().toFile(`packages/miniprogram/template/images/tab-${name}${suffix}.png`);
  }
}
