import { categories, envOf, loadPage, step, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** 分类: the release's category page, or the shop's categories when it has none. */
Page({
  data: { loading: true, error: "", style: "", doc: { blocks: [] }, blockData: null, env: null, categories: [] as unknown[] },
  onLoad() {
    void step(this, async () => {
      const page = await loadPage(env(), "category");
      const cats = page.found && page.doc.blocks.length ? [] : await categories(env());
      return { ...page, categories: cats };
    });
  },
});
