import { addToCart, envOf, loadProduct, rememberReferral, sharePath, step, word, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** 商品: pictures, SKU picker with live stock, add to cart / buy now, and share-and-earn for a distributor. */
Page({
  data: { loading: true, error: "", product: null as null | Awaited<ReturnType<typeof loadProduct>>, selected: "" as string, quantity: 1, labels: { addToCart: "", buyNow: "" } },
  onLoad(query: Record<string, string | undefined>) {
    void rememberReferral(env(), query).catch(() => null);
    this.setData({ labels: { addToCart: word(env().locale, "addToCart"), buyNow: word(env().locale, "buyNow") } });
    void step(this, async () => {
      const product = await loadProduct(env(), query.id ?? "");
      return { product, selected: product?.selected ?? "" };
    });
  },
  pick(e: WechatMiniprogram.TouchEvent) {
    this.setData({ selected: String(e.currentTarget.dataset.id) });
  },
  onQuantity(e: WechatMiniprogram.Input) {
    this.setData({ quantity: Math.max(1, Math.min(999, Number.parseInt(e.detail.value, 10) || 1)) });
  },
  async add() {
    const r = await step(this, async () => ({ added: await addToCart(env(), this.data.selected, this.data.quantity) }));
    if (r) wx.showToast({ title: "✓" });
  },
  buy() {
    const items = JSON.stringify([{ skuId: this.data.selected, quantity: this.data.quantity }]);
    wx.navigateTo({ url: `/pages/checkout/index?items=${encodeURIComponent(items)}` });
  },
  onShareAppMessage() {
    const p = this.data.product;
    return p ? { title: p.name, path: sharePath(p.id, p.refCode), imageUrl: p.images[0] } : {};
  },
});
