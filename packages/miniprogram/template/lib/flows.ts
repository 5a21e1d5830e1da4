/**
 * The shopper's flows as plain functions over a PageEnv: pages call these and
 * set what they return; tests call them in Node with a fake wx whose
 * `request` reaches a real server. Each calls the procedures the H5
 * storefront calls (shop.*), with `shop` = the tenant's slug.
 */
import { formatFen } from "../../../core/src/money";
import { decodeScene, type SceneTarget } from "../../../core/src/miniprogram-scene";
import { word } from "./i18n";
import { mediaUrl } from "./links";
import { blockEnv, themeStyle, type PageEnv } from "./runtime";
import { cartView, checkoutView, commissionView, distributionView, incomeView, orderDetailView, orderView } from "./views";
import { ensureSession } from "./session";
import { call, type WxAddress } from "./wx";

const REF_KEY = "fx_ref";

/** A live release page (home, category, or a landing page by slug) ready for <block-page>. */
export async function loadPage(env: PageEnv, kind: "home" | "category" | "landing", slug?: string) {
  const page = await env.api.shop.catalog.page.query({ shop: env.ext.tenant, kind, slug });
  if (!page) return { found: false as const };
  return { found: true as const, version: page.version, title: page.doc?.title || page.name, style: themeStyle(page.theme), doc: page.doc ?? { blocks: [] }, blockData: page.data, env: blockEnv(env) };
}

/**
 * The referral a share carries: `?ref=CODE` (a shared card or link), or a
 * mini-program code's `scene` (packages/core/src/miniprogram-scene.ts:
 * CODE, CODE.d or CODE.<product>), decoded the way the platform decodes it.
 */
export function referralFrom(query: Record<string, string | undefined>): { ref: string | null; via: "link" | "qr"; target: SceneTarget } {
  if (query.scene) {
    const s = decodeScene(query.scene);
    return s ? { ref: s.code, via: "qr", target: s.target } : { ref: null, via: "qr", target: { kind: "home" } };
  }
  const ref = (query.ref ?? "").trim();
  return { ref: /^[A-Za-z0-9]{4,32}$/.test(ref) ? ref : null, via: "link", target: query.id ? { kind: "product", productId: query.id } : { kind: "home" } };
}

/**
 * Keeps the referral (the order carries it, with how it came) and binds the
 * shopper by the shop's rule: a scene through shop.distribution.bindScene
 * (source "qr"), a link's code through bind, as H5's ?ref= does.
 */
export async function rememberReferral(env: PageEnv, query: Record<string, string | undefined>) {
  const { ref, via } = referralFrom(query);
  if (!ref) return null;
  env.wx.setStorageSync(REF_KEY, { ref, via });
  const shop = env.ext.tenant;
  if (via === "qr" && query.scene) return env.api.shop.distribution.bindScene.mutate({ shop, scene: query.scene });
  return env.api.shop.distribution.bind.mutate({ shop, code: ref });
}

/** Where a share lands: the product, the distributor's shop, or home. */
export function landingUrl(ref: string | null, target: SceneTarget): string | null {
  if (target.kind === "product") return `/pages/product/index?id=${encodeURIComponent(target.productId)}`;
  if (target.kind === "personalShop" && ref) return `/pages/shop/index?code=${encodeURIComponent(ref)}`;
  return null;
}

/** My share code as an image: the mini-program code (getwxacodeunlimit) or, without WeChat set up, the H5 link's QR. */
export const myShareCode = (env: PageEnv, o: { productId?: string; personalShop?: boolean } = {}) =>
  // No base: the H5 fallback's link is the shop's own host (the server knows it).
  env.api.shop.distribution.miniprogramCode.query({ shop: env.ext.tenant, productId: o.productId ?? null, personalShop: o.personalShop ?? false });

const stored = (env: PageEnv) => {
  const v = env.wx.getStorageSync(REF_KEY) as { ref?: string; via?: "link" | "qr" } | "";
  return v && typeof v === "object" && v.ref ? { ref: v.ref, via: v.via ?? "link" } : null;
};
export const storedRef = (env: PageEnv) => stored(env)?.ref ?? null;

export async function search(env: PageEnv, q: { q?: string; categoryId?: string; page?: number }) {
  const cards = (await env.api.shop.catalog.search.query({ shop: env.ext.tenant, q: q.q || null, categoryId: q.categoryId || null, page: q.page ?? 1 })) ?? [];
  return cards.map((c) => ({ id: c.id, name: c.name, subtitle: c.subtitle, image: mediaUrl(env.ext.apiBase, c.images[0]), price: formatFen(c.minPriceFen, env.locale), soldOut: c.stock <= 0 }));
}

export async function categories(env: PageEnv) {
  return (await env.api.shop.catalog.categories.query({ shop: env.ext.tenant })) ?? [];
}

/** The product page: the product, its SKUs with live stock, and what sharing it earns this distributor. */
export async function loadProduct(env: PageEnv, productId: string) {
  const shop = env.ext.tenant;
  // The product and its stock now at once: two round trips on a phone network are felt.
  const [product, live] = await Promise.all([env.api.shop.catalog.product.query({ shop, productId }), env.api.shop.productLive.query({ shop, productId })]);
  if (!product) return null;
  const byId = new Map(live.skus.map((s) => [s.id, s]));
  const skus = product.skus.map((s) => {
    const now = byId.get(s.id);
    const stock = now?.stock ?? 0;
    return { id: s.id, spec: s.spec, priceFen: now?.priceFen ?? s.priceFen, price: formatFen(now?.priceFen ?? s.priceFen, env.locale), stock, stockLabel: stock > 0 ? word(env.locale, "stock", { n: stock }) : word(env.locale, "outOfStock") };
  });
  let earn: string | null = null;
  let refCode: string | null = null;
  if (live.signedIn) {
    const e = await env.api.shop.distribution.earn.query({ shop, productId }).catch(() => null);
    refCode = e?.code ?? null;
    if (e && e.amountFen > 0) earn = word(env.locale, "shareEarn", { amount: formatFen(e.amountFen, env.locale) });
  }
  const images = (product.images as string[]).map((i) => mediaUrl(env.ext.apiBase, i));
  return { id: product.id, name: product.name, subtitle: product.subtitle, description: product.description, images, skus, selected: skus.find((s) => s.stock > 0)?.id ?? null, earn, refCode };
}

/** The share card: the product and the sharer's referral code, so the opener binds as with an H5 link. */
export function sharePath(productId: string, refCode: string | null) {
  return `/pages/product/index?id=${encodeURIComponent(productId)}${refCode ? `&ref=${encodeURIComponent(refCode)}` : ""}`;
}

export const addToCart = (env: PageEnv, skuId: string, quantity: number) => env.api.shop.cartPut.mutate({ shop: env.ext.tenant, skuId, quantity });
export const loadCart = async (env: PageEnv) => cartView(await env.api.shop.cart.query({ shop: env.ext.tenant }), env.ext.apiBase, env.locale);
export const removeFromCart = (env: PageEnv, skuId: string) => env.api.shop.cartRemove.mutate({ shop: env.ext.tenant, skuId });

export type Purchase = { fromCart: boolean; items: { skuId: string; quantity: number }[] };
export const previewCheckout = async (env: PageEnv, p: Purchase) =>
  checkoutView(await env.api.shop.checkoutPreview.query({ shop: env.ext.tenant, fromCart: p.fromCart, items: p.items, refCode: storedRef(env) }), env.ext.apiBase, env.locale);

/** WeChat's address sheet as the platform's address fields. */
export async function chooseWechatAddress(env: PageEnv) {
  if (!env.wx.chooseAddress) return null;
  const a = await call<WxAddress>((o) => env.wx.chooseAddress!(o));
  return { name: a.userName, phone: a.telNumber, province: a.provinceName, city: a.cityName, district: a.countyName, detail: a.detailInfo };
}

export type AddressInput = { name: string; phone: string; province: string; city: string; district: string; detail: string };

/**
 * Places the order (one idempotency key per confirm screen: a retried tap never orders twice) with the
 * mini-program's payment opened at once (`client: "miniprogram"`: WeChat Pay's requestPayment, or the
 * labelled simulator; never an H5 provider's page). Null payment: the order needs none now (already paid).
 */
export async function placeOrder(env: PageEnv, p: Purchase & { addressId?: string; address?: AddressInput; note?: string; idempotencyKey: string }) {
  const r = await env.api.shop.checkout.mutate({
    shop: env.ext.tenant,
    fromCart: p.fromCart,
    items: p.items,
    addressId: p.addressId,
    address: p.address,
    note: p.note ?? "",
    refCode: stored(env)?.ref,
    refVia: stored(env)?.via,
    idempotencyKey: p.idempotencyKey,
    client: "miniprogram",
  });
  const mp = "miniProgram" in r ? (r.miniProgram as { provider: string; paymentId: string }) : null;
  return { orderId: r.orderId, paymentId: mp?.paymentId ?? null, provider: mp?.provider ?? null };
}

export const loadPayment = (env: PageEnv, paymentId: string) => env.api.shop.payment.query({ shop: env.ext.tenant, paymentId });

/** wx.requestPayment's parameters, signed by the platform (RSA-SHA256, WeChat Pay v3 JSAPI). */
export type RequestPaymentParams = { timeStamp: string; nonceStr: string; package: string; signType: "RSA"; paySign: string };

/**
 * The WeChat Pay provider's parameters for this payment, when the platform's
 * answer carries them (`requestPayment` beside the payment); null otherwise.
 */
export function requestPaymentParams(hit: unknown): RequestPaymentParams | null {
  const p = (hit as { requestPayment?: Partial<RequestPaymentParams> } | null)?.requestPayment;
  return p && typeof p.paySign === "string" && typeof p.package === "string" && typeof p.timeStamp === "string" && typeof p.nonceStr === "string" ? { ...(p as RequestPaymentParams), signType: "RSA" } : null;
}

/**
 * Opens the order's payment for the mini-program (shop.miniProgramPay): WeChat
 * Pay's signed wx.requestPayment parameters when the shop has WeChat Pay, else
 * the clearly labelled simulator's payment.
 */
export async function startPayment(env: PageEnv, orderId: string): Promise<{ provider: string; paymentId: string; wechat: RequestPaymentParams | null }> {
  const p = (await env.api.shop.miniProgramPay.mutate({ shop: env.ext.tenant, orderId })) as { provider: string; paymentId: string };
  return { provider: p.provider, paymentId: p.paymentId, wechat: p.provider === "wechatpay" ? requestPaymentParams(p) : null };
}

/** After the payment sheet closed: WeChat Pay is asked at once (its notification may come later) and the payment applied once. */
export const confirmPayment = (env: PageEnv, paymentId: string) => env.api.shop.miniProgramPayConfirm.mutate({ shop: env.ext.tenant, paymentId });

/** Opens WeChat's payment sheet; resolves when the shopper paid (the order turns paid by the provider's notification). */
export async function payWithWechat(env: PageEnv, params: RequestPaymentParams) {
  if (!env.wx.requestPayment) throw new Error("requestPayment unavailable");
  await call<unknown>((o) => env.wx.requestPayment!({ ...params, ...o }));
}

/** The simulator's outcome (clearly labelled on the page); WeChat Pay goes through wx.requestPayment once configured. */
export const simulatePayment = (env: PageEnv, paymentId: string, outcome: "complete" | "fail" | "abandon") => env.api.shop.simulate.mutate({ shop: env.ext.tenant, paymentId, outcome });

export const loadOrders = async (env: PageEnv, status: "created" | "paid" | "shipped" | "received" | "after_sale" | null, page = 1) => {
  const r = await env.api.shop.orders.query({ shop: env.ext.tenant, status, page });
  return { total: r.total, orders: r.orders.map((o) => orderView(o, env.locale)) };
};
export const loadOrder = async (env: PageEnv, orderId: string) => orderDetailView(await env.api.shop.order.query({ shop: env.ext.tenant, orderId }), env.ext.apiBase, env.locale);
export const confirmReceipt = (env: PageEnv, orderId: string) => env.api.shop.confirmReceipt.mutate({ shop: env.ext.tenant, orderId });
export const cancelOrder = (env: PageEnv, orderId: string) => env.api.shop.cancel.mutate({ shop: env.ext.tenant, orderId });

export const myDistribution = async (env: PageEnv) => distributionView(await env.api.shop.distribution.me.query({ shop: env.ext.tenant }), env.locale);
export const joinDistribution = (env: PageEnv) => env.api.shop.distribution.join.mutate({ shop: env.ext.tenant });
export const myTeam = async (env: PageEnv) => (await env.api.shop.distribution.team.query({ shop: env.ext.tenant, depth: 1 })).members;
export const myCommissions = async (env: PageEnv, page = 1) => (await env.api.shop.distribution.commissions.query({ shop: env.ext.tenant, page })).map((c) => commissionView(c, env.locale));
/** 我的收入: balances, the tax identity on file (masked), the withdraw form's limits and the requests (shop.distribution.income + shop.withdrawals.overview). */
export async function myIncome(env: PageEnv) {
  const [income, wd] = await Promise.all([env.api.shop.distribution.income.query({ shop: env.ext.tenant, page: 1 }), env.api.shop.withdrawals.overview.query({ shop: env.ext.tenant })]);
  return incomeView(income, wd, env.locale);
}
/** The legal name and ID number for the tax withheld, with consent (required before the first withdrawal). */
export const saveTaxIdentity = (env: PageEnv, p: { realName: string; idNumber: string }) =>
  env.api.shop.withdrawals.saveTaxProfile.mutate({ shop: env.ext.tenant, realName: p.realName, idNumber: p.idNumber, consent: true });
/** What withdrawing `amountFen` now would withhold and pay. */
export const withdrawalPreview = (env: PageEnv, amountFen: number) => env.api.shop.withdrawals.preview.query({ shop: env.ext.tenant, amountFen });
/** Requests a withdrawal (reserved at once); one key per intended request, so a retried tap is the same one. */
export const requestWithdrawal = (env: PageEnv, amountFen: number, idempotencyKey: string, method: "manual" | "wechat" | "stripe" = "manual") =>
  env.api.shop.withdrawals.request.mutate({ shop: env.ext.tenant, amountFen, idempotencyKey, method });
/**
 * 确认收款: a WeChat transfer waiting for the distributor opens WeChat's receive page (wx.requestMerchantTransfer
 * with the shop's merchant, the app and the bill's package); whatever they did there, the platform then asks
 * WeChat where the bill stands and applies it.
 */
export async function receiveTransfer(env: PageEnv, withdrawalId: string) {
  if (!env.wx.requestMerchantTransfer) throw new Error("requestMerchantTransfer unavailable (WeChat 8.0.50+ / base library 3.3.0+)");
  const params = await env.api.shop.withdrawals.transferConfirmation.query({ shop: env.ext.tenant, id: withdrawalId });
  try {
    await call<unknown>((o) => env.wx.requestMerchantTransfer!({ ...params, ...o }));
  } finally {
    await env.api.shop.withdrawals.transferConfirmed.mutate({ shop: env.ext.tenant, id: withdrawalId });
  }
}
/**
 * A month's income statement or withholding certificate (PDF, as H5's /me/income downloads it): fetched with the
 * bearer token by wx.downloadFile, then shown by wx.openDocument (save or forward from its menu).
 */
export async function openIncomeDocument(env: PageEnv, doc: "statement" | "certificate", month: string) {
  if (!env.wx.downloadFile || !env.wx.openDocument) throw new Error("downloadFile / openDocument unavailable");
  const { token } = await ensureSession(env.wx, env.ext);
  const url = `${env.ext.apiBase}/api/shop/${encodeURIComponent(env.ext.tenant)}/income/${doc}?month=${encodeURIComponent(month)}`;
  const res = await call<{ statusCode: number; tempFilePath: string }>((o) => env.wx.downloadFile!({ url, header: { authorization: `Bearer ${token}`, "accept-language": env.locale }, ...o }));
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  await call<unknown>((o) => env.wx.openDocument!({ filePath: res.tempFilePath, fileType: "pdf", showMenu: true, ...o }));
  return url;
}
export const personalShop = (env: PageEnv, code: string) => env.api.shop.catalog.personalShop.query({ shop: env.ext.tenant, code });

/**
 * A return request's photo: multipart "file" to the storefront's photo route
 * (/api/shop/{tenant}/photos, as H5 uploads it), with the bearer token; answers the media URL.
 */
export async function uploadReturnPhoto(env: PageEnv, filePath: string): Promise<string> {
  if (!env.wx.uploadFile) throw new Error("uploadFile unavailable");
  const { token } = await ensureSession(env.wx, env.ext);
  const res = await call<{ statusCode: number; data: string }>((o) =>
    env.wx.uploadFile!({ url: `${env.ext.apiBase}/api/shop/${encodeURIComponent(env.ext.tenant)}/photos`, filePath, name: "file", header: { authorization: `Bearer ${token}`, "accept-language": env.locale }, ...o }),
  );
  const body = JSON.parse(res.data || "{}") as { url?: string; message?: string };
  if (res.statusCode !== 200 || !body.url) throw new Error(body.message ?? `HTTP ${res.statusCode}`);
  return body.url;
}

export const requestReturn = (env: PageEnv, r: { orderId: string; reason: string; photos: string[]; amountFen?: number | null }) =>
  env.api.shop.requestReturn.mutate({ shop: env.ext.tenant, orderId: r.orderId, reason: r.reason, photos: r.photos, amountFen: r.amountFen ?? null });
