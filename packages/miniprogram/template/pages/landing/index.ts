import { envOf, landingUrl, loadPage, referralFrom, rememberReferral, step, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** A landing page of the release (?slug=), also where a shared mini-program code lands (?scene=r=CODE…). */
Page({
  data: { loading: true, error: "", found: true, style: "", doc: { blocks: [] }, blockData: null, env: null, title: "" },
  async onLoad(query: Record<string, string | undefined>) {
    void rememberReferral(env(), query).catch(() => null);
    const { ref, target } = referralFrom(query);
    const next = query.slug ? null : landingUrl(ref, target);
    if (next) {
      wx.redirectTo({ url: next });
      return;
    }
    // Opened from the shop's 页面 tab (a tab page takes no query): the landing page that tab names.
    const slug = query.slug ?? (ref ? undefined : (env().ext.landingTab ?? undefined));
    const d = await step(this, () => loadPage(env(), slug ? "landing" : "home", slug));
    if (d && "title" in d && d.title) wx.setNavigationBarTitle({ title: String(d.title) });
  },
  onShareAppMessage() {
    return {};
  },
});
