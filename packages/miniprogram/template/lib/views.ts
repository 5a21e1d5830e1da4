/**
 * What the cart, checkout, order and distribution pages draw, from the
 * procedures' answers: money formatted, pictures absolute, statuses in words.
 * Pure (the page tests check them without a phone).
 */
import { formatFen } from "../../../core/src/money";
import type { Locale } from "./i18n";
import { mediaUrl } from "./links";

const STATUS: Record<string, Record<Locale, string>> = {
  created: { "zh-CN": "待付款", en: "To pay" },
  paid: { "zh-CN": "待发货", en: "To ship" },
  shipped: { "zh-CN": "待收货", en: "Shipped" },
  received: { "zh-CN": "已收货", en: "Received" },
  after_sale: { "zh-CN": "售后中", en: "After-sale" },
  cancelled: { "zh-CN": "已取消", en: "Cancelled" },
  refunded: { "zh-CN": "已退款", en: "Refunded" },
  closed: { "zh-CN": "已关闭", en: "Closed" },
  pending: { "zh-CN": "待结算", en: "Pending" },
  held: { "zh-CN": "冻结中", en: "Held" },
  reversed: { "zh-CN": "已冲回", en: "Reversed" },
  settled: { "zh-CN": "已结算", en: "Settled" },
  active: { "zh-CN": "已加入", en: "Active" },
  applied: { "zh-CN": "审核中", en: "Under review" },
};
export const statusLabel = (s: string, l: Locale) => STATUS[s]?.[l] ?? s;

type Line = { skuId: string; productName: string; images: unknown; spec: unknown; priceFen: number; quantity: number; stock?: number; status?: string };
const specText = (spec: unknown) => (spec && typeof spec === "object" ? Object.values(spec as Record<string, unknown>).join(" / ") : String(spec ?? ""));

export function lineView(l: Line, apiBase: string, locale: Locale) {
  const images = Array.isArray(l.images) ? (l.images as string[]) : [];
  return {
    skuId: l.skuId,
    name: l.productName,
    spec: specText(l.spec),
    image: mediaUrl(apiBase, images[0]),
    quantity: l.quantity,
    price: formatFen(l.priceFen, locale),
    available: (l.status ?? "on_sale") === "on_sale" && (l.stock ?? l.quantity) >= l.quantity,
  };
}

export function cartView(lines: Line[], apiBase: string, locale: Locale) {
  const views = lines.map((l) => lineView(l, apiBase, locale));
  const fen = lines.reduce((s, l, i) => s + (views[i]!.available ? l.priceFen * l.quantity : 0), 0);
  return { lines: views, total: formatFen(fen, locale), canCheckout: views.some((v) => v.available) };
}

type Totals = { subtotalFen: number; shippingFen: number; totalFen: number } | null;
export function checkoutView(p: { lines: Line[]; totals: Totals; addresses: { id: string; name: string; phone: string; province: string; city: string; district: string; detail: string; isDefault?: boolean }[] }, apiBase: string, locale: Locale) {
  const t = p.totals;
  return {
    lines: p.lines.map((l) => lineView(l, apiBase, locale)),
    subtotal: t ? formatFen(t.subtotalFen, locale) : "",
    shipping: t ? formatFen(t.shippingFen, locale) : "",
    total: t ? formatFen(t.totalFen, locale) : "",
    addresses: p.addresses.map((a) => ({ id: a.id, text: `${a.name} ${a.phone} ${a.province}${a.city}${a.district}${a.detail}`, isDefault: Boolean(a.isDefault) })),
  };
}

type Order = { id: string; no: string; status: string; totalFen: number; createdAt?: unknown };
export const orderView = (o: Order, locale: Locale) => ({ id: o.id, no: o.no, status: o.status, statusLabel: statusLabel(o.status, locale), total: formatFen(o.totalFen, locale) });

type OrderLine = { id: string; productName: string; spec: unknown; image: string | null; unitPriceFen: number; quantity: number };
export function orderDetailView(d: { order: Order; lines: OrderLine[]; canRequestReturn?: boolean }, apiBase: string, locale: Locale) {
  return {
    ...orderView(d.order, locale),
    lines: d.lines.map((l) => ({ id: l.id, name: l.productName, spec: specText(l.spec), image: mediaUrl(apiBase, l.image), price: formatFen(l.unitPriceFen, locale), quantity: l.quantity })),
    canPay: d.order.status === "created",
    canCancel: d.order.status === "created",
    canConfirm: d.order.status === "shipped",
    canReturn: Boolean(d.canRequestReturn),
  };
}

type Me = {
  distributor: { code: string; level: number; status: string } | null;
  teamSize?: number;
  progress?: { level: number; missing: { criterion: string; need: number; have: number; short: number }[] } | null;
  totals?: { pendingFen: number; heldFen: number; reversedFen: number };
};
export function distributionView(me: Me, locale: Locale) {
  const d = me.distributor;
  if (!d) return { joined: false as const };
  return {
    joined: true as const,
    active: d.status === "active",
    code: d.code,
    level: d.level,
    status: statusLabel(d.status, locale),
    teamSize: me.teamSize ?? 0,
    pending: formatFen(me.totals?.pendingFen ?? 0, locale),
    held: formatFen(me.totals?.heldFen ?? 0, locale),
    nextLevel: me.progress?.level ?? null,
    missing: (me.progress?.missing ?? []).map((m) => ({ criterion: m.criterion, have: m.have, need: m.need })),
  };
}

export const commissionView = (c: { id: string; orderNo: string; productName: string; amountFen: number; status: string }, locale: Locale) => ({
  id: c.id,
  orderNo: c.orderNo,
  product: c.productName,
  amount: formatFen(c.amountFen, locale),
  status: statusLabel(c.status, locale),
});

const WITHDRAWAL_STATUS: Record<string, Record<Locale, string>> = {
  reviewing: { "zh-CN": "待审核", en: "Under review" },
  approved: { "zh-CN": "待打款", en: "Awaiting payment" },
  paying: { "zh-CN": "打款中", en: "Paying" },
  paid: { "zh-CN": "已到账", en: "Paid" },
  refused: { "zh-CN": "已拒绝", en: "Refused" },
  failed: { "zh-CN": "打款失败", en: "Payment failed" },
};

type Balances = { pendingFen: number; availableFen: number; withdrawingFen: number; paidOutFen: number; taxWithheldFen: number };
type Withdrawal = { id: string; amountFen: number; status: string; method?: string; taxFen: number | null; netFen: number | null; reason: string | null; awaitingConfirmation?: boolean };

const PAYOUT_METHOD: Record<string, Record<Locale, string>> = {
  wechat: { "zh-CN": "微信零钱", en: "WeChat balance" },
  stripe: { "zh-CN": "Stripe 账户", en: "Stripe account" },
  manual: { "zh-CN": "商家线下打款", en: "Paid by the shop offline" },
};

/** 我的收入 in the mini-program: the balances, whether a tax identity is on file, the form's limits and each request's outcome. */
export function incomeView(
  income: { balances: Balances },
  wd: { minimumFen: number; withdrawableFen: number; profile: { nameMasked: string; idMasked: string } | null; requests: Withdrawal[]; methods?: readonly string[] },
  locale: Locale,
) {
  const b = income.balances;
  return {
    pending: formatFen(b.pendingFen, locale),
    available: formatFen(b.availableFen, locale),
    withdrawing: formatFen(b.withdrawingFen, locale),
    paidOut: formatFen(b.paidOutFen, locale),
    taxWithheld: formatFen(b.taxWithheldFen, locale),
    negative: b.availableFen < 0,
    withdrawableFen: wd.withdrawableFen,
    minimumFen: wd.minimumFen,
    withdrawable: formatFen(wd.withdrawableFen, locale),
    minimum: formatFen(wd.minimumFen, locale),
    identity: wd.profile ? `${wd.profile.nameMasked} · ${wd.profile.idMasked}` : null,
    /** Where the money can go (WeChat 零钱 first when the shop pays that way), with labels for the picker. */
    methods: (wd.methods ?? ["manual"]).map((m) => ({ value: m, label: PAYOUT_METHOD[m]?.[locale] ?? m })),
    requests: wd.requests.map((w) => ({
      id: w.id,
      amount: formatFen(w.amountFen, locale),
      status: w.status,
      statusLabel: WITHDRAWAL_STATUS[w.status]?.[locale] ?? w.status,
      detail:
        w.status === "paid" && w.taxFen !== null && w.netFen !== null
          ? `${formatFen(w.taxFen, locale)} / ${formatFen(w.netFen, locale)}`
          : w.status === "refused" || w.status === "failed"
            ? (w.reason ?? "")
            : "",
      /** WeChat waits for the distributor: the page shows 确认收款. */
      awaitingConfirmation: !!w.awaitingConfirmation,
    })),
  };
}
