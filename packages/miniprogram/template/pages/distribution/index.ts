import { envOf, joinDistribution, myCommissions, myDistribution, myTeam, step, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** 分销中心: join, my code and link, level progress, team and commissions (the same procedures as H5's /me/distribution). */
Page({
  data: { loading: true, error: "", me: null as unknown, team: null as unknown, commissions: null as unknown, sharePath: "" },
  onShow() {
    void this.load();
  },
  load() {
    return step(this, async () => {
      const me = await myDistribution(env());
      if (!me.joined || !me.active) return { me, team: null, commissions: null, sharePath: "" };
      const [team, commissions] = await Promise.all([myTeam(env()), myCommissions(env())]);
      return { me, team, commissions, sharePath: `/pages/home/index?ref=${me.code}` };
    });
  },
  async join() {
    if (await step(this, async () => ({ joined: await joinDistribution(env()) }))) void this.load();
  },
  onShareAppMessage() {
    return { path: this.data.sharePath || "/pages/home/index" };
  },
});
