import { blockEnv, envOf, personalShop, rememberReferral, step, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** A distributor's personal shop (H5 /d/{code}): their name, approved content and picks; opening it binds as their link does. */
Page({
  data: { loading: true, error: "", code: "", shop: null as unknown, doc: { blocks: [] }, blockData: null, env: null },
  onLoad(query: Record<string, string | undefined>) {
    const code = query.code ?? "";
    this.setData({ code });
    void rememberReferral(env(), { ref: code }).catch(() => null);
    void step(this, async () => {
      const shop = await personalShop(env(), code);
      return { shop, doc: shop?.picks?.doc ?? { blocks: [] }, blockData: shop?.picks?.data ?? null, env: blockEnv(env()) };
    });
  },
  onShareAppMessage() {
    return { path: `/pages/shop/index?code=${this.data.code}` };
  },
});
