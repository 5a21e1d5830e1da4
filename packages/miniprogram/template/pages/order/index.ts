import { cancelOrder, confirmReceipt, envOf, loadOrder, repay, step, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** 订单详情: status and events, pay again, cancel, confirm receipt. */
Page({
  data: { loading: true, error: "", id: "", detail: null as unknown },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ id: query.id ?? "" });
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
  async pay() {
    const r = await step(this, async () => ({ paymentId: await repay(env(), this.data.id) }));
    if (r?.paymentId) wx.navigateTo({ url: `/pages/pay/index?paymentId=${r.paymentId}&orderId=${this.data.id}` });
  },
});
