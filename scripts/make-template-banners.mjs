// Draws the templates' banner pictures (tenants/images/<template>/banner-N.webp):
// the theme's colours as a gradient with two of the template's own product
// photos on it. Run once when a template's look changes: node scripts/make-template-banners.mjs
// (sharp comes with Next). The pictures carry no text: the blocks say it, in the shop's language.
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

const W = 750;
const H = 375;
const dir = path.resolve("tenants");
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  const t = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  const { primary, accent } = t.theme;
  const picks = [t.products[0], t.products[3], t.products[6], t.products[9]];
  for (let n = 0; n < 2; n++) {
    const [a, b] = [picks[n * 2], picks[n * 2 + 1]];
    const bg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${n ? accent : primary}"/><stop offset="1" stop-color="${n ? primary : accent}"/></linearGradient></defs>
      <rect width="${W}" height="${H}" fill="url(#g)"/>
      <circle cx="90" cy="320" r="160" fill="#ffffff" fill-opacity="0.10"/>
      <circle cx="700" cy="40" r="120" fill="#ffffff" fill-opacity="0.12"/>
    </svg>`);
    const photo = async (p, size) => {
      const mask = Buffer.from(`<svg width="${size}" height="${size}"><rect width="${size}" height="${size}" rx="${size / 8}" fill="#fff"/></svg>`);
      return sharp(path.join(dir, p.images[0])).resize(size, size, { fit: "cover" }).composite([{ input: mask, blend: "dest-in" }]).png().toBuffer();
    };
    const out = path.join(dir, "images", t.key, `banner-${n + 1}.webp`);
    await sharp(bg)
      .composite([
        { input: await photo(a, 260), left: 420, top: 58 },
        { input: await photo(b, 190), left: 250, top: 150 },
      ])
      .webp({ quality: 82 })
      .toFile(out);
    console.log(out, fs.statSync(out).size);
  }
}
