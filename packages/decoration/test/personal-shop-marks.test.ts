import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { flaggedWords, markFlagged } from "../src/personal-shop";

const marked = (text: string, words: string[]) => markFlagged(text, words).filter((r) => r.hit).map((r) => r.text);

describe("markFlagged: the flagged words in a distributor's title, for the reviewer", () => {
  test.each([
    ["喝茶躺赚好茶铺", ["躺赚"], ["躺赚"]],
    ["躺 赚，月入过万", ["躺赚", "月入过万"], ["躺 赚", "月入过万"]],
    ["保*本理财", ["保本"], ["保*本"]],
    ["ＳＡＬＥ sale", ["sale"], ["ＳＡＬＥ", "sale"]],
    ["明前龙井", ["躺赚"], []],
    ["", ["躺赚"], []],
  ])("%s", (text, words, hits) => {
    expect(marked(text, words)).toEqual(hits);
  });

  test("the runs put together are the text, and every word flaggedWords finds is marked", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("躺", "赚", " ", "*", "茶", "保", "本", "a", "Ａ"), { maxLength: 20 }), (cs) => {
        const text = cs.join("");
        const words = flaggedWords([text], ["aa"]);
        const runs = markFlagged(text, words);
        expect(runs.map((r) => r.text).join("")).toBe(text);
        if (words.length) expect(runs.some((r) => r.hit)).toBe(true);
      }),
    );
  });
});
