import { confirmPayment, envOf, loadPayment, payWithWechat, requestPaymentParams, simulatePayment, startPayment, step, word, type PageEnv, type RequestPaymentParams } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/**
 * 支付: the order's payment. With the simulator (no WeChat Pay configured)
 * the page says so plainly and completes, fails or abandons it as the H5
 * simulator page does; a WeChat Pay payment opens wx.requestPayment.
 */
Page({
  data: { loading: true, error: "", paymentId: "", orderId: "", provider: "", wechat: null as RequestPaymentParams | null, simulatorLabel: "", missingLabel: "" },
  onLoad(query: Record<string, string | undefined>) {
    const l = env().locale;
    this.setData({ paymentId: query.paymentId ?? "", orderId: query.orderId ?? "", simulatorLabel: word(l, "simulator"), missingLabel: word(l, "wechatPayMissing") });
    void step(this, async () => {
      // The order's payment as the mini-program pays it: WeChat Pay when the shop has it, else the simulator.
      if (query.orderId) {
        const p = await startPayment(env(), query.orderId);
        return { provider: p.provider, orderId: query.orderId, paymentId: p.paymentId, wechat: p.wechat };
      }
      const hit = await loadPayment(env(), query.paymentId ?? "");
      return { provider: hit.payment.provider, orderId: hit.order.id, wechat: requestPaymentParams(hit) };
    });
  },
  async wechatPay() {
    const params = this.data.wechat;
    if (!params) return;
    const paid = await step(this, async () => {
      await payWithWechat(env(), params);
      return { paid: await confirmPayment(env(), this.data.paymentId) };
    });
    if (paid) wx.redirectTo({ url: `/pages/order/index?id=${this.data.orderId}` });
  },
  async simulate(e: WechatMiniprogram.TouchEvent) {
    const outcome = String(e.currentTarget.dataset.outcome) as "complete" | "fail" | "abandon";
    const r = await step(this, async () => ({ result: await simulatePayment(env(), this.data.paymentId, outcome) }));
    if (r) wx.redirectTo({ url: `/pages/order/index?id=${this.data.orderId}` });
  },
});
