import { envOf, loadOrders, step, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());
type Status = "created" | "paid" | "shipped" | "received" | "after_sale" | null;

/** 我的订单, by status. */
Page({
  data: { loading: true, error: "", status: null as Status, orders: [] as unknown[] },
  onLoad(query: Record<string, string | undefined>) {
    this.setData({ status: (query.status as Status) ?? null });
  },
  onShow() {
    void step(this, () => loadOrders(env(), this.data.status));
  },
  filter(e: WechatMiniprogram.TouchEvent) {
    this.setData({ status: (e.currentTarget.dataset.status as Status) || null });
    this.onShow();
  },
});
