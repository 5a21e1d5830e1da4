import { envOf, loadCart, removeFromCart, step, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** 购物车: the shopper's cart (the same cart as on H5), to checkout. */
Page({
  data: { loading: true, error: "", lines: [] as unknown[], total: "", canCheckout: false },
  onShow() {
    void this.load();
  },
  load() {
    return step(this, () => loadCart(env()));
  },
  async remove(e: WechatMiniprogram.TouchEvent) {
    await step(this, async () => ({ removed: await removeFromCart(env(), String(e.currentTarget.dataset.sku)) }));
    void this.load();
  },
  checkout() {
    wx.navigateTo({ url: "/pages/checkout/index?fromCart=1" });
  },
});
