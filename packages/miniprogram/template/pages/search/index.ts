import { envOf, search, step, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** 搜索: by words and/or category (?c=), the same on-sale search as H5. */
Page({
  data: { loading: false, error: "", q: "", categoryId: "", results: [] as unknown[] },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ q: query.q ?? "", categoryId: query.c ?? "" });
    void this.run();
  },
  onInput(e: WechatMiniprogram.Input) {
    this.setData({ q: e.detail.value });
  },
  run() {
    return step(this, async () => ({ results: await search(env(), { q: this.data.q, categoryId: this.data.categoryId }) }));
  },
});
