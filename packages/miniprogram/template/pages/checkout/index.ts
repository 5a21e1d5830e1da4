import { chooseWechatAddress, envOf, newRequestKey, placeOrder, previewCheckout, step, type AddressInput, type PageEnv, type Purchase } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** 确认订单: totals, an address from WeChat's sheet, the address book or typed, then the payment. */
Page({
  data: { loading: true, error: "", preview: null as unknown, purchase: { fromCart: false, items: [] } as Purchase, addressId: "", address: null as AddressInput | null, typed: { name: "", phone: "", province: "", city: "", district: "", detail: "" } as AddressInput, note: "", idempotencyKey: "" },
  onLoad(query: Record<string, string | undefined>) {
    const purchase: Purchase = query.fromCart ? { fromCart: true, items: [] } : { fromCart: false, items: JSON.parse(decodeURIComponent(query.items ?? "[]")) };
    // One key per confirm screen: tapping 提交 twice (or a retry after a timeout) places one order.
    this.setData({ purchase, idempotencyKey: newRequestKey() });
    void step(this, async () => ({ preview: await previewCheckout(env(), purchase) }));
  },
  async wechatAddress() {
    await step(this, async () => ({ address: await chooseWechatAddress(env()), addressId: "" }));
  },
  pickSaved(e: WechatMiniprogram.TouchEvent) {
    this.setData({ addressId: String(e.currentTarget.dataset.id), address: null });
  },
  onField(e: WechatMiniprogram.Input) {
    this.setData({ [`typed.${String(e.currentTarget.dataset.field)}`]: e.detail.value });
  },
  async submit() {
    const { purchase, addressId, address, typed, note, idempotencyKey } = this.data;
    const r = await step(this, async () => ({ placed: await placeOrder(env(), { ...purchase, addressId: addressId || undefined, address: addressId ? undefined : (address ?? typed), note, idempotencyKey }) }));
    if (!r) return;
    const { orderId, paymentId } = r.placed;
    wx.redirectTo({ url: paymentId ? `/pages/pay/index?orderId=${orderId}` : `/pages/order/index?id=${orderId}` });
  },
});
