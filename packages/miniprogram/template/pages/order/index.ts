import { cancelOrder, confirmReceipt, envOf, loadOrder, requestReturn, step, uploadReturnPhoto, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** 订单详情: lines and status, pay again, cancel, confirm receipt, a return request with up to 6 photos. */
Page({
  data: { loading: true, error: "", id: "", detail: null as unknown, returning: false, reason: "", photos: [] as string[], apiBase: "" },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? "", apiBase: env().ext.apiBase });
    void this.load();
  },
  load() {
    return step(this, async () => ({ detail: await loadOrder(env(), this.data.id) }));
  },
  async confirm() {
    if (await step(this, async () => ({ done: await confirmReceipt(env(), this.data.id) }))) void this.load();
  },
  async cancel() {
    if (await step(this, async () => ({ done: await cancelOrder(env(), this.data.id) }))) void this.load();
  },
  startReturn() {
    this.setData({ returning: true });
  },
  onReason(e: WechatMiniprogram.Input) {
    this.setData({ reason: e.detail.value });
  },
  addPhoto() {
    wx.chooseMedia({
      count: Math.max(1, 6 - this.data.photos.length),
      mediaType: ["image"],
      success: (r) =>
        void step(this, async () => {
          const urls: string[] = [];
          for (const f of r.tempFiles) urls.push(await uploadReturnPhoto(env(), f.tempFilePath));
          return { photos: [...this.data.photos, ...urls].slice(0, 6) };
        }),
    });
  },
  async submitReturn() {
    const done = await step(this, async () => ({ requested: await requestReturn(env(), { orderId: this.data.id, reason: this.data.reason, photos: this.data.photos }) }));
    if (done) {
      this.setData({ returning: false, photos: [], reason: "" });
      void this.load();
    }
  },
  /** Pay again: the pay page opens the order's mini-program payment (shop.miniProgramPay). */
  pay() {
    wx.navigateTo({ url: `/pages/pay/index?orderId=${this.data.id}` });
  },
});
