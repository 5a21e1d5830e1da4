import { envOf, joinDistribution, myCommissions, myDistribution, myShareCode, myTeam, step, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** 分销中心: join, my code and link, level progress, team and commissions (the same procedures as H5's /me/distribution). */
Page({
  data: { loading: true, error: "", me: null as unknown, team: null as unknown, commissions: null as unknown, sharePath: "", code: null as null | { kind: string; dataUrl: string } },
  onShow() {
    void this.load();
  },
  load() {
    return step(this, async () => {
      const me = await myDistribution(env());
      if (!me.joined || !me.active) return { me, team: null, commissions: null, sharePath: "" };
      // The code is an image the shopper can save and share; a WeChat error leaves the rest of the page working.
      const [team, commissions, code] = await Promise.all([myTeam(env()), myCommissions(env()), myShareCode(env()).catch(() => null)]);
      return { me, team, commissions, code, sharePath: `/pages/home/index?ref=${me.code}` };
    });
  },
  previewCode() {
    const url = this.data.code?.dataUrl;
    if (url) wx.previewImage({ urls: [url] });
  },
  async join() {
    if (await step(this, async () => ({ joined: await joinDistribution(env()) }))) void this.load();
  },
  onShareAppMessage() {
    return { path: this.data.sharePath || "/pages/home/index" };
  },
});
