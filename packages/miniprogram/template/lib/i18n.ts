/** The template's own words (zh-CN first, English as on H5); keys are the same in both. */
export const WORDS = {
  "zh-CN": {
    soldOut: "已售罄",
    all: "全部",
    ended: "已结束",
    days: "天",
    hours: "时",
    minutes: "分",
    seconds: "秒",
    level1Rate: "一级佣金",
    level2Rate: "二级佣金",
    hotspot: "热区",
    slideOf: "第 {n} 张，共 {total} 张",
    empty: "这里还没有内容",
    stock: "库存 {n}",
    outOfStock: "无货",
    addToCart: "加入购物车",
    buyNow: "立即购买",
    shareEarn: "分享赚 {amount}",
    simulator: "模拟支付（测试环境，不会真实扣款）",
    wechatPayMissing: "这笔订单不能在小程序内支付，请在商城网页完成支付",
  },
  en: {
    soldOut: "Sold out",
    all: "All",
    ended: "Ended",
    days: "d",
    hours: "h",
    minutes: "m",
    seconds: "s",
    level1Rate: "Level 1",
    level2Rate: "Level 2",
    hotspot: "Hotspot",
    slideOf: "Slide {n} of {total}",
    empty: "Nothing here yet",
    stock: "{n} in stock",
    outOfStock: "Out of stock",
    addToCart: "Add to cart",
    buyNow: "Buy now",
    shareEarn: "Share and earn {amount}",
    simulator: "Simulated payment (test mode, no money moves)",
    wechatPayMissing: "This order cannot be paid in the mini-program; please pay on the shop's website",
  },
} as const;
export type Locale = keyof typeof WORDS;
export type WordKey = keyof (typeof WORDS)["zh-CN"];

export function word(locale: Locale, key: WordKey, params: Record<string, string | number> = {}) {
  return (WORDS[locale] ?? WORDS["zh-CN"])[key].replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k] ?? ""));
}

export const localeOf = (language: string | undefined): Locale => (language && /^en/i.test(language) ? "en" : "zh-CN");
