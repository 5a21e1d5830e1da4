import { chromium } from "@playwright/test";
const base = "http://localhost:3300";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const shots = [
  ["owner@demo.local", "/console/finance", "desk", "finance"],
  ["dist2@demo.local", "/s/tea/me/income", "phone", "income-new"],
  ["finance@demo.local", "/console/finance", "desk", "finance-role"],
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
