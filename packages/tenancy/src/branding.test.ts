import { describe, expect, it } from "vitest";
import { initial, letterIcon } from "./branding";

describe("letter icon", () => {
  it.each([
    ["青山茶舍", "青"],
    ["tea house", "T"],
    ["  beauty", "B"],
    ["", "?"],
  ])("initial of %j is %s", (name, want) => expect(initial(name)).toBe(want));

  it("draws the initial on the theme colour, escaping markup", () => {
    const svg = decodeURIComponent(letterIcon("<b>", "#16a34a").replace("data:image/svg+xml,", ""));
    expect(svg).toContain('fill="#16a34a"');
    expect(svg).toContain("&#60;");
    expect(svg).not.toContain("<b>");
  });

  it("ignores a colour that is not a hex colour", () => {
    expect(decodeURIComponent(letterIcon("x", "red\" onload=\"x"))).not.toContain("onload");
  });
});
