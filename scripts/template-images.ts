/**
 * Draws the product pictures of the industry templates (tenants/*.json):
 * one 800×800 WebP per product in tenants/images/<template>/<product>.webp,
 * an illustration made of SVG shapes (a tea cake, a bottle of serum, a box of
 * fruit…) with the product's name, rendered by sharp (librsvg). Nothing is
 * downloaded. Run it after adding or renaming a template product:
 *
 *   npx tsx scripts/template-images.ts
 *
 * It also writes each product's `images` entry into its template file. The
 * output is committed; the app only reads the files.
 */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

type Kind =
  | "tin" | "cake" | "citrus" | "gaiwan" | "teapot" | "cups" | "gift"
  | "dropper" | "jar" | "bottle" | "tube" | "mask" | "lipstick" | "gloss" | "compact" | "palette" | "pen"
  | "cherries" | "strawberry" | "durian" | "kiwi" | "tomato" | "orange"
  | "shrimp" | "crab" | "salmon" | "hairtail" | "steak" | "pork" | "ribs" | "chicken" | "vegbox" | "mushroom" | "eggs" | "milk" | "yogurt";

/** What to draw for each product: a kind and its colours. */
const DRAW: Record<string, { kind: Kind; c: string; c2?: string; mark?: string }> = {
  // tea
  "longjing-mingqian": { kind: "tin", c: "#5f8f3e", c2: "#e9f0d8", mark: "龙井" },
  biluochun: { kind: "tin", c: "#3f7d5c", c2: "#e3efe6", mark: "碧螺" },
  "huangshan-maofeng": { kind: "tin", c: "#7a9a3a", c2: "#f0f2d9", mark: "毛峰" },
  "anji-baicha": { kind: "tin", c: "#9bbf6a", c2: "#f5f8ea", mark: "白茶" },
  jinjunmei: { kind: "tin", c: "#b5651d", c2: "#f7e6cf", mark: "金骏眉" },
  "dianhong-gushu": { kind: "tin", c: "#9c3d22", c2: "#f6ded3", mark: "滇红" },
  "qimen-hongcha": { kind: "tin", c: "#7c2d28", c2: "#f3dcd6", mark: "祁红" },
  tieguanyin: { kind: "tin", c: "#2e7d6b", c2: "#dff0ea", mark: "观音" },
  dahongpao: { kind: "tin", c: "#8e2f2f", c2: "#f5dede", mark: "岩茶" },
  "fenghuang-dancong": { kind: "tin", c: "#c08a2d", c2: "#f8ecd3", mark: "单丛" },
  "puer-shu-qizibing": { kind: "cake", c: "#6b4226", c2: "#efe3cf", mark: "熟" },
  "bingdao-gushu-sheng": { kind: "cake", c: "#5a7a4a", c2: "#eef0e2", mark: "生" },
  xiaoqinggan: { kind: "citrus", c: "#4e8a3a", c2: "#6b4226" },
  "baihao-yinzhen": { kind: "tin", c: "#a7a9a0", c2: "#f7f7f2", mark: "银针" },
  "shoumei-bing": { kind: "cake", c: "#8a6a3b", c2: "#f3ead8", mark: "寿" },
  baimudan: { kind: "tin", c: "#b9a46b", c2: "#f8f3e2", mark: "牡丹" },
  "dehua-gaiwan-set": { kind: "gaiwan", c: "#f4f1ea", c2: "#2f5d3a" },
  "yixing-zisha-xishi": { kind: "teapot", c: "#9a4a2c", c2: "#6e2f1a" },
  "kuaike-cup": { kind: "cups", c: "#e9e4d8", c2: "#2f5d3a" },
  "mingcha-gift-box": { kind: "gift", c: "#2f5d3a", c2: "#b08d57" },
  // cosmetics
  "bifida-repair-serum": { kind: "dropper", c: "#7a5230", c2: "#f4d9a8" },
  "vc-brightening-serum": { kind: "dropper", c: "#e0a21b", c2: "#fff1c2" },
  "boseine-firming-cream": { kind: "jar", c: "#c9a25f", c2: "#fbf4e6" },
  "ceramide-toner": { kind: "bottle", c: "#9fc3d9", c2: "#ffffff" },
  "retinol-eye-cream": { kind: "tube", c: "#8e6fb3", c2: "#f2ecf8" },
  "hyaluronic-sheet-mask": { kind: "mask", c: "#5aa9d6", c2: "#e6f4fb" },
  "sunscreen-spf50": { kind: "tube", c: "#f2a23a", c2: "#fff5e3" },
  "amino-cleanser": { kind: "tube", c: "#6cc3a6", c2: "#eaf8f2" },
  "plant-cleansing-oil": { kind: "bottle", c: "#e7c65a", c2: "#fff8dc" },
  "velvet-matte-lipstick": { kind: "lipstick", c: "#b3193f", c2: "#1f1f24" },
  "mirror-lip-glaze": { kind: "gloss", c: "#e2456f", c2: "#f7c6d4" },
  "tinted-lip-balm": { kind: "lipstick", c: "#f08aa5", c2: "#f7f0f3" },
  "cushion-foundation": { kind: "compact", c: "#e9c9b1", c2: "#d7a6b8" },
  "liquid-foundation": { kind: "bottle", c: "#e4b996", c2: "#f9efe6" },
  "setting-powder": { kind: "compact", c: "#f5e8df", c2: "#b83b6b" },
  "nine-color-eyeshadow": { kind: "palette", c: "#3a2630", c2: "#e8b4bc" },
  "curling-mascara": { kind: "pen", c: "#2a2128", c2: "#b83b6b" },
  "fine-eyeliner": { kind: "pen", c: "#1d1a1c", c2: "#c9a25f" },
  "repair-skincare-gift-set": { kind: "gift", c: "#b83b6b", c2: "#f3d37a" },
  "lipstick-gift-box": { kind: "gift", c: "#7d1f3f", c2: "#e8b4bc" },
  // fresh
  "chile-cherry": { kind: "cherries", c: "#8e1230", c2: "#3c7a2c" },
  "gannan-navel-orange": { kind: "orange", c: "#f28c1b", c2: "#3c8a3a" },
  "thai-durian": { kind: "durian", c: "#a8a23a", c2: "#f5d76e" },
  "zespri-sungold-kiwi": { kind: "kiwi", c: "#e9c43a", c2: "#8a6a3b" },
  "dandong-strawberry": { kind: "strawberry", c: "#e0243a", c2: "#3c8a3a" },
  "ecuador-white-shrimp": { kind: "shrimp", c: "#f28a6a", c2: "#ffd9c7" },
  "yangcheng-hairy-crab": { kind: "crab", c: "#5b5a3a", c2: "#c96a2a" },
  "norway-salmon": { kind: "salmon", c: "#f4845f", c2: "#ffe3d6" },
  "zhoushan-hairtail": { kind: "hairtail", c: "#b8c4cf", c2: "#eef3f7" },
  "aus-wagyu-sirloin": { kind: "steak", c: "#b2263a", c2: "#f7e1e1" },
  "black-pork-belly": { kind: "pork", c: "#d9706f", c2: "#fbe9e2" },
  "free-range-chicken": { kind: "chicken", c: "#f2d3a0", c2: "#d99a4e" },
  "inner-mongolia-lamb-ribs": { kind: "ribs", c: "#b94a42", c2: "#f6efe4" },
  "organic-veg-box": { kind: "vegbox", c: "#b07a45", c2: "#3f9a3a" },
  "fresh-shiitake": { kind: "mushroom", c: "#7a4b2a", c2: "#f1e4cf" },
  "sandy-tomato": { kind: "tomato", c: "#e23b2a", c2: "#3c8a3a" },
  "free-range-eggs": { kind: "eggs", c: "#e9c9a0", c2: "#b38b5d" },
  "pasteurized-milk": { kind: "milk", c: "#3a78c2", c2: "#ffffff" },
  "greek-yogurt": { kind: "yogurt", c: "#4b7bd1", c2: "#ffffff" },
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Mixes a colour with white (t > 0) or black (t < 0). */
function shade(hex: string, t: number): string {
  const n = parseInt(hex.slice(1), 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => Math.round(t >= 0 ? v + (255 - v) * t : v * (1 + t)));
  return `#${ch.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

const leaf = (x: number, y: number, r: number, rot: number, c: string) =>
  `<path transform="translate(${x} ${y}) rotate(${rot})" d="M0 ${-r} C ${r * 0.7} ${-r * 0.5} ${r * 0.7} ${r * 0.5} 0 ${r} C ${-r * 0.7} ${r * 0.5} ${-r * 0.7} ${-r * 0.5} 0 ${-r} Z" fill="${c}"/><path transform="translate(${x} ${y}) rotate(${rot})" d="M0 ${-r * 0.85} L0 ${r * 0.85}" stroke="${shade(c, 0.35)}" stroke-width="3"/>`;

function draw(kind: Kind, c: string, c2: string, mark: string): string {
  const d = shade(c, -0.25);
  const l = shade(c, 0.3);
  switch (kind) {
    case "tin":
      return `
        <rect x="250" y="170" width="300" height="360" rx="22" fill="url(#body)"/>
        <ellipse cx="400" cy="170" rx="150" ry="34" fill="${l}"/>
        <rect x="240" y="140" width="320" height="56" rx="14" fill="${d}"/>
        <rect x="250" y="260" width="300" height="170" fill="${c2}"/>
        <text x="400" y="${mark.length > 2 ? 372 : 378}" font-size="${mark.length > 2 ? 66 : 82}" text-anchor="middle" font-family="Noto Serif CJK SC" font-weight="bold" fill="${d}">${esc(mark)}</text>
        ${leaf(310, 300, 22, -40, c)}${leaf(490, 395, 22, 140, c)}
        ${leaf(210, 540, 28, -70, c)}${leaf(600, 520, 30, 60, l)}${leaf(560, 560, 24, 20, c)}`;
    case "cake":
      return `
        <ellipse cx="400" cy="420" rx="250" ry="120" fill="${d}"/>
        <ellipse cx="400" cy="385" rx="250" ry="120" fill="${c2}"/>
        <path d="M150 385 Q 400 330 650 385" stroke="${shade(c2, -0.08)}" stroke-width="6" fill="none"/>
        <path d="M190 430 Q 400 470 610 430" stroke="${shade(c2, -0.08)}" stroke-width="6" fill="none"/>
        <circle cx="400" cy="380" r="70" fill="${c}"/>
        <circle cx="400" cy="380" r="58" fill="none" stroke="${c2}" stroke-width="4"/>
        <text x="400" y="406" font-size="72" text-anchor="middle" font-family="Noto Serif CJK SC" font-weight="bold" fill="${c2}">${esc(mark)}</text>
        <path d="M400 262 l-14 -30 h28 z" fill="${c}"/>`;
    case "citrus":
    case "orange":
      return `
        ${kind === "citrus" ? `<circle cx="270" cy="440" r="105" fill="${shade(c, -0.1)}"/><circle cx="530" cy="450" r="100" fill="${c}"/>` : `<circle cx="270" cy="450" r="110" fill="${shade(c, -0.08)}"/><circle cx="540" cy="455" r="105" fill="${shade(c, 0.05)}"/>`}
        <circle cx="400" cy="360" r="150" fill="url(#body)"/>
        <ellipse cx="350" cy="300" rx="45" ry="26" fill="#ffffff" opacity="0.35" transform="rotate(-30 350 300)"/>
        <circle cx="400" cy="212" r="10" fill="${kind === "citrus" ? c2 : d}"/>
        ${leaf(440, 200, 40, 60, kind === "citrus" ? shade(c, -0.35) : c2)}`;
    case "gaiwan":
      return `
        <ellipse cx="400" cy="510" rx="230" ry="44" fill="${shade(c, -0.12)}"/>
        <ellipse cx="400" cy="500" rx="230" ry="40" fill="${c}"/>
        <path d="M240 330 Q 250 500 400 500 Q 550 500 560 330 Z" fill="${c}"/>
        <path d="M240 330 Q 250 500 400 500 Q 550 500 560 330" fill="none" stroke="${shade(c, -0.15)}" stroke-width="4"/>
        <path d="M268 400 Q 400 430 532 400" stroke="${c2}" stroke-width="8" fill="none"/>
        <ellipse cx="400" cy="320" rx="175" ry="40" fill="${shade(c, -0.06)}"/>
        <path d="M250 318 Q 400 220 550 318 Z" fill="${c}"/>
        <ellipse cx="400" cy="250" rx="34" ry="14" fill="${shade(c, -0.1)}"/>`;
    case "teapot":
      return `
        <path d="M540 360 C 640 330 650 260 610 240" stroke="${c}" stroke-width="34" fill="none" stroke-linecap="round"/>
        <path d="M255 340 C 160 330 160 450 265 440" stroke="${d}" stroke-width="30" fill="none"/>
        <ellipse cx="400" cy="400" rx="170" ry="130" fill="url(#body)"/>
        <ellipse cx="400" cy="285" rx="90" ry="20" fill="${d}"/>
        <ellipse cx="400" cy="270" rx="70" ry="18" fill="${c}"/>
        <circle cx="400" cy="248" r="18" fill="${d}"/>
        <ellipse cx="340" cy="360" rx="40" ry="22" fill="#ffffff" opacity="0.18" transform="rotate(-30 340 360)"/>
        <ellipse cx="400" cy="528" rx="120" ry="14" fill="${d}"/>`;
    case "cups":
      return `
        <ellipse cx="400" cy="470" rx="130" ry="100" fill="url(#body)"/>
        <ellipse cx="400" cy="380" rx="100" ry="20" fill="${shade(c, -0.1)}"/>
        <path d="M500 420 C 560 400 570 350 545 335" stroke="${shade(c, -0.1)}" stroke-width="22" fill="none"/>
        <path d="M220 460 Q 225 560 290 560 Q 350 560 355 460 Z" fill="${c2}"/>
        <path d="M445 460 Q 450 560 515 560 Q 575 560 580 460 Z" fill="${c2}"/>
        <ellipse cx="287" cy="460" rx="68" ry="14" fill="${shade(c2, 0.3)}"/>
        <ellipse cx="512" cy="460" rx="68" ry="14" fill="${shade(c2, 0.3)}"/>`;
    case "gift":
      return `
        <rect x="200" y="290" width="400" height="260" rx="16" fill="url(#body)"/>
        <rect x="180" y="240" width="440" height="80" rx="14" fill="${l}"/>
        <rect x="372" y="240" width="56" height="310" fill="${c2}"/>
        <rect x="180" y="265" width="440" height="30" fill="${c2}" opacity="0.9"/>
        <path d="M400 245 C 330 160 260 200 300 240 Z" fill="${c2}"/>
        <path d="M400 245 C 470 160 540 200 500 240 Z" fill="${c2}"/>
        <circle cx="400" cy="243" r="20" fill="${shade(c2, -0.2)}"/>`;
    case "dropper":
      return `
        <rect x="300" y="270" width="200" height="290" rx="40" fill="url(#body)"/>
        <rect x="360" y="225" width="80" height="55" fill="${shade(c, -0.4)}"/>
        <rect x="372" y="140" width="56" height="95" rx="28" fill="#2b2b2b"/>
        <rect x="320" y="360" width="160" height="120" rx="8" fill="${c2}"/>
        <path d="M345 395 h110 M345 425 h80 M345 450 h95" stroke="${d}" stroke-width="8" stroke-linecap="round"/>
        <rect x="318" y="290" width="22" height="240" rx="11" fill="#ffffff" opacity="0.22"/>`;
    case "jar":
      return `
        <rect x="230" y="330" width="340" height="210" rx="40" fill="url(#body)"/>
        <rect x="220" y="270" width="360" height="90" rx="22" fill="${d}"/>
        <rect x="220" y="300" width="360" height="10" fill="${l}" opacity="0.6"/>
        <rect x="290" y="400" width="220" height="90" rx="10" fill="${c2}"/>
        <circle cx="400" cy="445" r="26" fill="none" stroke="${c}" stroke-width="6"/>
        <rect x="250" y="350" width="24" height="170" rx="12" fill="#ffffff" opacity="0.25"/>`;
    case "bottle":
      return `
        <rect x="290" y="260" width="220" height="310" rx="30" fill="url(#body)"/>
        <rect x="355" y="200" width="90" height="70" rx="8" fill="${shade(c, -0.35)}"/>
        <rect x="340" y="150" width="120" height="60" rx="16" fill="${shade(c, -0.5)}"/>
        <rect x="320" y="350" width="160" height="150" rx="10" fill="${c2}" opacity="0.92"/>
        <path d="M350 390 h100 M350 420 h70 M350 450 h90" stroke="${d}" stroke-width="8" stroke-linecap="round"/>
        <rect x="305" y="280" width="22" height="260" rx="11" fill="#ffffff" opacity="0.25"/>`;
    case "tube":
      return `
        <path d="M290 170 L510 170 L470 500 L330 500 Z" fill="url(#body)"/>
        <rect x="282" y="150" width="236" height="30" rx="6" fill="${d}"/>
        <path d="M288 160 h224" stroke="${l}" stroke-width="4" stroke-dasharray="10 8"/>
        <rect x="330" y="500" width="140" height="70" rx="12" fill="${shade(c, -0.4)}"/>
        <rect x="330" y="260" width="140" height="150" rx="10" fill="${c2}"/>
        <path d="M355 300 h90 M355 330 h60 M355 360 h80" stroke="${d}" stroke-width="8" stroke-linecap="round"/>`;
    case "mask":
      return `
        <rect x="210" y="160" width="380" height="430" rx="26" fill="url(#body)"/>
        <path d="M210 200 h380 M210 550 h380" stroke="${l}" stroke-width="6" stroke-dasharray="14 10"/>
        <ellipse cx="400" cy="370" rx="110" ry="140" fill="${c2}"/>
        <ellipse cx="360" cy="340" rx="24" ry="12" fill="${c}"/>
        <ellipse cx="440" cy="340" rx="24" ry="12" fill="${c}"/>
        <path d="M365 430 Q 400 455 435 430" stroke="${c}" stroke-width="8" fill="none" stroke-linecap="round"/>
        <circle cx="520" cy="230" r="12" fill="#ffffff" opacity="0.7"/><circle cx="545" cy="260" r="7" fill="#ffffff" opacity="0.7"/>`;
    case "lipstick":
      return `
        <g transform="rotate(-14 400 400)">
          <rect x="330" y="380" width="140" height="200" rx="10" fill="${c2}"/>
          <rect x="330" y="360" width="140" height="30" fill="#d8b46a"/>
          <rect x="345" y="240" width="110" height="130" fill="#e6c47f"/>
          <path d="M355 250 L355 150 L445 110 L445 250 Z" fill="${c}"/>
          <path d="M370 245 L370 160" stroke="#ffffff" stroke-width="10" opacity="0.25" stroke-linecap="round"/>
        </g>
        <rect x="500" y="420" width="110" height="150" rx="10" fill="${shade(c2, 0.1)}" transform="rotate(12 555 495)"/>`;
    case "gloss":
      return `
        <g transform="rotate(-10 400 400)">
          <rect x="350" y="110" width="100" height="170" rx="14" fill="#2b2b2b"/>
          <rect x="345" y="270" width="110" height="310" rx="40" fill="${c2}" opacity="0.85"/>
          <rect x="360" y="300" width="80" height="260" rx="30" fill="url(#body)"/>
          <rect x="372" y="310" width="14" height="230" rx="7" fill="#ffffff" opacity="0.45"/>
        </g>
        <path d="M560 300 c 30 -40 60 -10 40 20 c -20 30 -60 20 -40 -20 z" fill="${c}" opacity="0.7"/>`;
    case "compact":
      return `
        <ellipse cx="400" cy="300" rx="190" ry="70" fill="${shade(c2, -0.1)}"/>
        <ellipse cx="400" cy="290" rx="170" ry="58" fill="#e8eef2"/>
        <ellipse cx="360" cy="275" rx="60" ry="14" fill="#ffffff" opacity="0.7"/>
        <ellipse cx="400" cy="470" rx="200" ry="84" fill="${shade(c2, -0.2)}"/>
        <ellipse cx="400" cy="450" rx="200" ry="80" fill="${c2}"/>
        <ellipse cx="400" cy="450" rx="160" ry="60" fill="url(#body)"/>
        <ellipse cx="400" cy="440" rx="110" ry="36" fill="#ffffff" opacity="0.4"/>`;
    case "palette": {
      const pans = ["#e8b4bc", "#c9a25f", "#8a4b5c", "#f3d8c7", "#b85c6e", "#6b3a4a", "#d99a6c", "#a37c99", "#4a2f3a"];
      return `
        <rect x="190" y="210" width="420" height="360" rx="24" fill="${c}"/>
        <rect x="205" y="225" width="390" height="330" rx="16" fill="${shade(c, 0.12)}"/>
        ${pans.map((p, i) => `<rect x="${225 + (i % 3) * 122}" y="${245 + Math.floor(i / 3) * 102}" width="106" height="86" rx="12" fill="${p}"/><rect x="${235 + (i % 3) * 122}" y="${253 + Math.floor(i / 3) * 102}" width="40" height="10" rx="5" fill="#ffffff" opacity="0.35"/>`).join("")}`;
    }
    case "pen":
      return `
        <g transform="rotate(35 400 380)">
          <rect x="365" y="110" width="70" height="260" rx="14" fill="url(#body)"/>
          <rect x="365" y="360" width="70" height="24" fill="${c2}"/>
          <rect x="370" y="384" width="60" height="200" rx="10" fill="${shade(c, 0.15)}"/>
          <rect x="378" y="130" width="12" height="220" rx="6" fill="#ffffff" opacity="0.2"/>
        </g>
        <path d="M200 560 q 60 -40 120 0 t 120 0" stroke="${c}" stroke-width="8" fill="none" stroke-linecap="round"/>`;
    case "cherries":
      return `
        <path d="M330 420 C 340 300 380 230 440 190 M480 430 C 470 320 460 250 440 190" stroke="${c2}" stroke-width="10" fill="none" stroke-linecap="round"/>
        ${leaf(480, 190, 42, 70, c2)}
        <circle cx="320" cy="450" r="90" fill="url(#body)"/><circle cx="490" cy="460" r="90" fill="url(#body)"/>
        <ellipse cx="290" cy="420" rx="22" ry="14" fill="#ffffff" opacity="0.45" transform="rotate(-30 290 420)"/>
        <ellipse cx="460" cy="430" rx="22" ry="14" fill="#ffffff" opacity="0.45" transform="rotate(-30 460 430)"/>`;
    case "strawberry": {
      const seeds = [...Array(14)].map((_, i) => `<ellipse cx="${330 + (i % 5) * 36 + (Math.floor(i / 5) % 2) * 18}" cy="${330 + Math.floor(i / 5) * 60}" rx="6" ry="10" fill="#ffe08a"/>`).join("");
      return `
        <path d="M400 580 C 250 500 220 360 260 300 C 300 250 500 250 540 300 C 580 360 550 500 400 580 Z" fill="url(#body)"/>
        ${seeds}
        ${leaf(350, 270, 40, -60, c2)}${leaf(450, 270, 40, 60, c2)}${leaf(400, 255, 38, 0, shade(c2, 0.15))}`;
    }
    case "durian": {
      const spikes = [...Array(40)].map((_, i) => {
        const a = (i / 40) * Math.PI * 2;
        const x = 400 + Math.cos(a) * 175;
        const y = 390 + Math.sin(a) * 200;
        return `<path d="M${x - 14} ${y} L${400 + Math.cos(a) * 205} ${390 + Math.sin(a) * 232} L${x + 14} ${y} Z" fill="${d}"/>`;
      }).join("");
      return `${spikes}<ellipse cx="400" cy="390" rx="180" ry="205" fill="url(#body)"/>
        ${[...Array(18)].map((_, i) => `<path d="M${310 + (i % 6) * 36} ${280 + Math.floor(i / 6) * 90} l14 -22 l14 22 z" fill="${d}"/>`).join("")}
        <rect x="388" y="150" width="24" height="50" rx="8" fill="#6b5a2a"/>
        <path d="M520 500 Q 600 470 620 540 Q 560 580 520 500 Z" fill="${c2}"/>`;
    }
    case "kiwi":
      return `
        <ellipse cx="560" cy="430" rx="110" ry="130" fill="${c2}"/>
        <circle cx="360" cy="400" r="170" fill="#a07a4a"/>
        <circle cx="360" cy="400" r="155" fill="url(#body)"/>
        <circle cx="360" cy="400" r="50" fill="#fff6cf"/>
        ${[...Array(16)].map((_, i) => {
          const a = (i / 16) * Math.PI * 2;
          return `<ellipse cx="${360 + Math.cos(a) * 75}" cy="${400 + Math.sin(a) * 75}" rx="6" ry="11" fill="#2b1d12" transform="rotate(${(a * 180) / Math.PI + 90} ${360 + Math.cos(a) * 75} ${400 + Math.sin(a) * 75})"/>`;
        }).join("")}`;
    case "tomato":
      return `
        <circle cx="560" cy="470" r="95" fill="${shade(c, -0.1)}"/>
        <ellipse cx="380" cy="400" rx="180" ry="160" fill="url(#body)"/>
        <ellipse cx="320" cy="340" rx="45" ry="24" fill="#ffffff" opacity="0.35" transform="rotate(-30 320 340)"/>
        ${[0, 72, 144, 216, 288].map((r) => leaf(380, 240, 26, r, c2).replace(/translate\(380 240\) rotate\((\d+)\)/g, `translate(380 240) rotate($1) translate(0 -26)`)).join("")}
        <circle cx="380" cy="240" r="10" fill="${shade(c2, -0.2)}"/>`;
    case "shrimp":
      return [0, 1, 2]
        .map(
          (i) => `<g transform="translate(${i * 70 - 70} ${i * 90 - 90})">
          <path d="M300 400 C 300 280 460 250 520 330 C 560 380 520 450 470 440" fill="none" stroke="url(#body)" stroke-width="70" stroke-linecap="round"/>
          ${[0, 1, 2, 3].map((k) => `<path d="M${330 + k * 45} ${330 - (k % 2) * 10} l10 60" stroke="${c2}" stroke-width="6"/>`).join("")}
          <path d="M470 440 l50 40 l-60 10 z" fill="${d}"/>
          <circle cx="320" cy="350" r="8" fill="#2b1d12"/>
          <path d="M300 340 C 240 300 220 260 230 220" stroke="${d}" stroke-width="4" fill="none"/>
        </g>`,
        )
        .join("");
    case "crab":
      return `
        ${[-1, 1].map((s) => [0, 1, 2].map((k) => `<path d="M${400 + s * 150} ${400 + k * 35} l${s * 110} ${30 + k * 25}" stroke="${c}" stroke-width="18" stroke-linecap="round"/>`).join("")).join("")}
        <path d="M270 340 C 200 280 190 220 230 200" stroke="${c}" stroke-width="26" fill="none" stroke-linecap="round"/>
        <path d="M530 340 C 600 280 610 220 570 200" stroke="${c}" stroke-width="26" fill="none" stroke-linecap="round"/>
        <circle cx="230" cy="190" r="42" fill="${c2}"/><circle cx="570" cy="190" r="42" fill="${c2}"/>
        <ellipse cx="400" cy="400" rx="190" ry="130" fill="url(#body)"/>
        <circle cx="360" cy="300" r="14" fill="#1b1b12"/><circle cx="440" cy="300" r="14" fill="#1b1b12"/>
        <path d="M330 420 Q 400 450 470 420" stroke="${l}" stroke-width="8" fill="none"/>
        <rect x="250" y="560" width="300" height="20" rx="10" fill="${c2}" opacity="0.6"/>`;
    case "salmon":
      return `
        <path d="M190 470 L300 290 L620 300 L610 480 Z" fill="${c2}"/>
        <path d="M210 450 L310 300 L600 310 L590 460 Z" fill="url(#body)"/>
        ${[0, 1, 2, 3, 4, 5].map((k) => `<path d="M${300 + k * 50} ${305} Q ${280 + k * 50} ${380} ${260 + k * 55} ${455}" stroke="#ffffff" stroke-width="12" fill="none" opacity="0.8"/>`).join("")}
        <rect x="180" y="480" width="440" height="26" rx="13" fill="#7fb3a6"/>
        ${leaf(600, 520, 30, 80, "#5a9a4a")}`;
    case "hairtail":
      return `
        <path d="M150 420 C 250 300 550 300 650 380 L 700 360 L 690 420 L 650 410 C 550 470 250 480 150 420 Z" fill="url(#body)"/>
        <circle cx="210" cy="395" r="12" fill="#1b1b1b"/>
        <path d="M260 360 C 400 320 540 330 640 380" stroke="#ffffff" stroke-width="8" fill="none" opacity="0.8"/>
        ${[0, 1, 2].map((k) => `<rect x="${220 + k * 130}" y="480" width="110" height="60" rx="14" fill="${c}" stroke="${d}" stroke-width="3"/>`).join("")}`;
    case "steak":
      return `
        <ellipse cx="400" cy="470" rx="260" ry="70" fill="#6b4a2a"/>
        <path d="M180 400 C 170 280 330 240 450 270 C 600 300 640 380 600 440 C 540 510 230 500 180 400 Z" fill="url(#body)"/>
        <path d="M180 400 C 230 460 520 480 600 440" stroke="#fff3e6" stroke-width="26" fill="none"/>
        ${[0, 1, 2, 3, 4, 5, 6].map((k) => `<path d="M${240 + k * 50} ${320 + (k % 3) * 25} q 20 -15 40 5 t 30 0" stroke="${c2}" stroke-width="6" fill="none"/>`).join("")}
        ${leaf(560, 300, 26, 40, "#4a8a3a")}`;
    case "pork":
      return `
        <rect x="200" y="280" width="400" height="240" rx="26" fill="url(#body)"/>
        <rect x="200" y="280" width="400" height="40" rx="20" fill="#f2c9a8"/>
        <rect x="200" y="350" width="400" height="26" fill="${c2}"/>
        <rect x="200" y="420" width="400" height="22" fill="${c2}"/>
        <rect x="200" y="480" width="400" height="18" fill="${c2}"/>
        <ellipse cx="400" cy="560" rx="240" ry="24" fill="#6b4a2a" opacity="0.5"/>`;
    case "ribs":
      return `
        <path d="M200 320 C 300 280 520 280 620 320 L 600 520 C 500 550 320 550 220 520 Z" fill="url(#body)"/>
        ${[0, 1, 2, 3, 4].map((k) => `<rect x="${240 + k * 78}" y="230" width="26" height="110" rx="13" fill="${c2}"/><circle cx="${253 + k * 78}" cy="230" r="20" fill="${c2}"/>`).join("")}
        ${[0, 1, 2, 3].map((k) => `<path d="M${285 + k * 78} 330 L ${280 + k * 78} 520" stroke="${d}" stroke-width="8"/>`).join("")}
        ${leaf(600, 560, 30, 60, "#4a8a3a")}`;
    case "chicken":
      return `
        <ellipse cx="400" cy="540" rx="250" ry="40" fill="#cfd8dc"/>
        <ellipse cx="400" cy="410" rx="200" ry="140" fill="url(#body)"/>
        <path d="M250 470 C 200 520 180 560 230 570" stroke="${c2}" stroke-width="44" fill="none" stroke-linecap="round"/>
        <path d="M550 470 C 600 520 620 560 570 570" stroke="${c2}" stroke-width="44" fill="none" stroke-linecap="round"/>
        <circle cx="230" cy="574" r="16" fill="#fff7ea"/><circle cx="570" cy="574" r="16" fill="#fff7ea"/>
        <ellipse cx="340" cy="340" rx="60" ry="28" fill="#ffffff" opacity="0.35" transform="rotate(-20 340 340)"/>`;
    case "vegbox":
      return `
        ${leaf(300, 300, 90, -20, c2)}${leaf(420, 280, 100, 10, shade(c2, 0.15))}${leaf(520, 310, 80, 35, shade(c2, -0.1))}
        <circle cx="360" cy="360" r="50" fill="#e23b2a"/><circle cx="470" cy="370" r="44" fill="#f28c1b"/>
        <path d="M180 360 L620 360 L580 570 L220 570 Z" fill="url(#body)"/>
        ${[0, 1, 2].map((k) => `<path d="M${200 + k * 4} ${410 + k * 55} L${600 - k * 4} ${410 + k * 55}" stroke="${d}" stroke-width="8"/>`).join("")}
        <rect x="170" y="345" width="460" height="30" rx="12" fill="${d}"/>`;
    case "mushroom":
      return `
        <rect x="250" y="380" width="70" height="170" rx="30" fill="${c2}"/>
        <path d="M160 400 C 160 260 410 260 410 400 Z" fill="url(#body)"/>
        <rect x="470" y="350" width="80" height="200" rx="34" fill="${c2}"/>
        <path d="M360 380 C 360 200 660 200 660 380 Z" fill="url(#body)"/>
        ${[0, 1, 2, 3].map((k) => `<circle cx="${420 + k * 60}" cy="${310 - (k % 2) * 30}" r="12" fill="#f6ead6" opacity="0.7"/>`).join("")}`;
    case "eggs":
      return `
        <path d="M170 440 L630 440 L600 560 L200 560 Z" fill="${c2}"/>
        ${[0, 1, 2, 3, 4].map((k) => `<ellipse cx="${230 + k * 85}" cy="${400 - (k % 2) * 20}" rx="48" ry="64" fill="url(#body)"/>`).join("")}
        <path d="M170 440 L630 440" stroke="${shade(c2, -0.2)}" stroke-width="10"/>
        ${[0, 1, 2, 3, 4].map((k) => `<ellipse cx="${215 + k * 85}" cy="${375 - (k % 2) * 20}" rx="12" ry="18" fill="#ffffff" opacity="0.35"/>`).join("")}`;
    case "milk":
      return `
        <path d="M310 250 L310 200 L490 200 L490 250 L520 300 L520 570 L280 570 L280 300 Z" fill="${c2}" stroke="#d7e3f0" stroke-width="4"/>
        <rect x="320" y="160" width="160" height="50" rx="10" fill="${c}"/>
        <rect x="280" y="360" width="240" height="150" fill="url(#body)"/>
        <path d="M300 440 q 50 -40 100 0 t 100 0" stroke="#ffffff" stroke-width="10" fill="none"/>
        <rect x="300" y="300" width="20" height="240" rx="10" fill="#eaf1f8"/>`;
    case "yogurt":
      return `
        <path d="M250 300 L550 300 L515 560 L285 560 Z" fill="${c2}" stroke="#d7e3f0" stroke-width="4"/>
        <path d="M260 380 L540 380 L525 490 L275 490 Z" fill="url(#body)"/>
        <ellipse cx="400" cy="300" rx="160" ry="34" fill="#f0f4fa" stroke="#c7d6ea" stroke-width="6"/>
        <path d="M300 300 C 330 250 470 250 500 300" fill="#ffffff"/>
        ${[0, 1, 2].map((k) => `<circle cx="${340 + k * 60}" cy="${270 - (k % 2) * 12}" r="20" fill="${["#6a3aa8", "#e0243a", "#2a4aa8"][k]}"/>`).join("")}`;
  }
}

function svg(t: { theme: { primary: string; accent: string; background: string } }, p: { key: string; name: string; categoryName: string }): string {
  const spec = DRAW[p.key];
  if (!spec) throw new Error(`scripts/template-images.ts: no drawing for product ${p.key}`);
  const { kind, c, c2 = "#ffffff", mark = "" } = spec;
  const title = p.name.split(" ")[0]!;
  const size = title.length > 11 ? 36 : title.length > 8 ? 42 : 48;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
  <defs>
    <radialGradient id="bg" cx="50%" cy="40%" r="75%"><stop offset="0" stop-color="#ffffff"/><stop offset="0.55" stop-color="${shade(t.theme.accent, 0.78)}"/><stop offset="1" stop-color="${shade(t.theme.accent, 0.45)}"/></radialGradient>
    <linearGradient id="body" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${shade(c, 0.22)}"/><stop offset="1" stop-color="${shade(c, -0.18)}"/></linearGradient>
  </defs>
  <rect width="800" height="800" fill="url(#bg)"/>
  <circle cx="660" cy="130" r="90" fill="${t.theme.accent}" opacity="0.18"/>
  <circle cx="120" cy="620" r="130" fill="${t.theme.primary}" opacity="0.07"/>
  <ellipse cx="400" cy="590" rx="250" ry="26" fill="#000000" opacity="0.08"/>
  ${draw(kind, c, c2, mark)}
  <rect x="40" y="40" rx="22" width="${60 + p.categoryName.length * 30}" height="48" fill="${t.theme.primary}" opacity="0.9"/>
  <text x="${70}" y="74" font-size="28" font-family="Noto Sans CJK SC" fill="#ffffff">${esc(p.categoryName)}</text>
  <rect x="60" y="640" width="680" height="104" rx="28" fill="#ffffff" opacity="0.88"/>
  <text x="400" y="${692 + size / 3}" font-size="${size}" text-anchor="middle" font-family="Noto Sans CJK SC" font-weight="bold" fill="${shade(t.theme.primary, -0.2)}">${esc(title)}</text>
</svg>`;
}

async function main() {
  const dir = path.join(process.cwd(), "tenants");
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const t = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    const out = path.join(dir, "images", t.key);
    fs.mkdirSync(out, { recursive: true });
    const cats = new Map<string, string>(t.categories.map((c: { key: string; name: string }) => [c.key, c.name]));
    for (const p of t.products) {
      const rel = `images/${t.key}/${p.key}.webp`;
      const buf = await sharp(Buffer.from(svg(t, { key: p.key, name: p.name, categoryName: cats.get(p.category)! })))
        .webp({ quality: 80, effort: 6 })
        .toBuffer();
      fs.writeFileSync(path.join(dir, rel), buf);
      p.images = [rel];
      console.log(`${rel} ${(buf.length / 1024).toFixed(1)} KB`);
    }
    fs.writeFileSync(path.join(dir, file), JSON.stringify(t, null, 2) + "\n");
  }
}

await main();
