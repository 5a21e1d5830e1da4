import { chromium } from "@playwright/test";
const base = "http://localhost:3300";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const shots = [
  // [who, path, viewport, file]
  ["dist2@demo.local", "/s/tea/me/distribution", "phone", "dist"],
  ["dist2@demo.local", "/s/tea/me/income", "phone", "income"],
  ["dist1@demo.local", "/s/tea/me/distribution/shop", "phone", "myshop"],
  ["owner@demo.local", "/console/miniprogram", "desk", "console-mp"],
  ["owner@demo.local", "/console/settings/payments", "desk", "console-pay"],
  ["owner@demo.local", "/console/distribution/reviews", "desk", "console-reviews"],
  ["operator@demo.local", "/platform/wechat", "desk", "platform-wechat"],
];
for (const [who, path, vp, file] of shots) {
  const ctx = await b.newContext({ viewport: vp === "phone" ? { width: 375, height: 900 } : { width: 1280, height: 1100 } });
  const p = await ctx.newPage();
  const errors = [];
  p.on("console", (m) => m.type() === "error" && errors.push(m.text().slice(0, 200)));
  await p.goto(`${base}/sign-in?next=${encodeURIComponent(path)}`);
  await p.getByTestId(`signin-${who}`).click();
  await p.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 60000 });
  await p.waitForTimeout(1500);
  await p.screenshot({ path: `/tmp/walk-${file}.png`, fullPage: true });
  console.log(file, p.url(), "errors:", errors);
  await ctx.close();
}
await b.close();
