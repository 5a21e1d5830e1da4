import { envOf, formatFen, loadCart, removeFromCart, step, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** 购物车: the shopper's cart (the same cart as on H5), to checkout. */
Page({
  data: { loading: true, error: "", cart: null as unknown, total: "" },
  onShow() {
    void this.load();
  },
  load() {
    return step(this, async () => {
      const cart = await loadCart(env());
      const fen = (cart as { items?: { priceFen?: number; quantity: number }[] }).items?.reduce((s, i) => s + (i.priceFen ?? 0) * i.quantity, 0) ?? 0;
      return { cart, total: formatFen(fen, env().locale) };
    });
  },
  async remove(e: WechatMiniprogram.TouchEvent) {
    await step(this, async () => ({ removed: await removeFromCart(env(), String(e.currentTarget.dataset.sku)) }));
    void this.load();
  },
  checkout() {
    wx.navigateTo({ url: "/pages/checkout/index?fromCart=1" });
  },
});
