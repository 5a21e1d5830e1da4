import { envOf, loadPage, rememberReferral, step, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** 首页: the live release's home page, block by block. */
Page({
  data: { loading: true, error: "", found: true, style: "", doc: { blocks: [] }, blockData: null, env: null },
  onLoad(query: Record<string, string | undefined>) {
    void rememberReferral(env(), query).catch(() => null);
    void this.load();
  },
  onPullDownRefresh() {
    void this.load().then(() => wx.stopPullDownRefresh());
  },
  load() {
    return step(this, () => loadPage(env(), "home"));
  },
  onShareAppMessage() {
    return { path: "/pages/home/index" };
  },
});
