import { envOf, myIncome, newRequestKey, openIncomeDocument, receiveTransfer, yuanToFen, requestWithdrawal, saveTaxIdentity, step, withdrawalPreview, type PageEnv } from "../../lib/index";

const env = (): PageEnv => envOf(getApp());

/** This month (YYYY-MM) on the phone: the documents' default. */
function thisMonth() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/** The typed yuan as fen; 0 for anything that is not money (the platform says what is wrong). */
const fenOf = (raw: string) => yuanToFen(raw) ?? 0;

/** 我的收入: balances, the tax identity (once), withdraw with the tax it would withhold, and each request's outcome (as H5's /me/income). */
Page({
  data: { loading: true, error: "", income: null as unknown, realName: "", idNumber: "", consent: false, amount: "", preview: "", done: "", method: 0, month: thisMonth(), idempotencyKey: newRequestKey() },
  onShow() {
    void this.load();
  },
  load() {
    return step(this, async () => ({ income: await myIncome(env()) }));
  },
  onName(e: { detail: { value: string } }) {
    this.setData({ realName: e.detail.value });
  },
  onIdNumber(e: { detail: { value: string } }) {
    this.setData({ idNumber: e.detail.value });
  },
  onConsent(e: { detail: { value: string[] } }) {
    this.setData({ consent: e.detail.value.length > 0 });
  },
  async saveIdentity() {
    if (!this.data.consent) return this.setData({ error: "请先同意个人信息的使用说明 / Please accept how your information is used" });
    if (await step(this, async () => ({ saved: await saveTaxIdentity(env(), { realName: this.data.realName, idNumber: this.data.idNumber }) }))) void this.load();
  },
  async onAmount(e: { detail: { value: string } }) {
    const amount = e.detail.value;
    this.setData({ amount, preview: "" });
    const fen = fenOf(amount);
    if (fen > 0) {
      const p = await withdrawalPreview(env(), fen).catch(() => null);
      if (p && this.data.amount === amount) this.setData({ preview: `${(p.taxFen / 100).toFixed(2)} / ${(p.netFen / 100).toFixed(2)}` });
    }
  },
  onMethod(e: { detail: { value: string } }) {
    this.setData({ method: Number(e.detail.value) || 0 });
  },
  async withdraw() {
    const methods = (this.data.income as { methods?: { value: "manual" | "wechat" | "stripe" }[] } | null)?.methods ?? [];
    const method = methods[this.data.method]?.value ?? "manual";
    const r = await step(this, async () => ({ requested: await requestWithdrawal(env(), fenOf(this.data.amount), this.data.idempotencyKey, method) }));
    if (r) {
      this.setData({ amount: "", preview: "", done: "已提交 / Requested", idempotencyKey: newRequestKey() });
      void this.load();
    }
  },
  onMonth(e: { detail: { value: string } }) {
    this.setData({ month: e.detail.value });
  },
  /** The month's statement or certificate as PDF (WeChat's document viewer). */
  async openDocument(e: { currentTarget: { dataset: { doc: "statement" | "certificate" } } }) {
    await step(this, async () => ({ opened: await openIncomeDocument(env(), e.currentTarget.dataset.doc, this.data.month) }));
  },
  /** 确认收款 on a WeChat transfer: WeChat's receive page, then the outcome as WeChat reports it. */
  async receive(e: { currentTarget: { dataset: { id: string } } }) {
    await step(this, async () => ({ received: await receiveTransfer(env(), e.currentTarget.dataset.id) }));
    void this.load();
  },
});
