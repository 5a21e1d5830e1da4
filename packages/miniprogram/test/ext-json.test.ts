/**
 * The ext.json a shop's package carries overrides the template's tab bar:
 * every tab a merchant can choose must lead to a page the template has and
 * show icons it ships, or WeChat refuses the upload.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { TAB_PAGES, tabIcon } from "../package/ext";

const template = path.resolve(import.meta.dirname, "../template");
const app = JSON.parse(fs.readFileSync(path.join(template, "app.json"), "utf8")) as { pages: string[] };

describe("ext.json tab bar against the template", () => {
  test.each(Object.entries(TAB_PAGES))("a %s tab leads to a page of the template, with both icons", (target, page) => {
    expect(app.pages).toContain(page);
    for (const active of [false, true]) expect(fs.existsSync(path.join(template, tabIcon(target as keyof typeof TAB_PAGES, active))), tabIcon(target as keyof typeof TAB_PAGES, active)).toBe(true);
  });
});
