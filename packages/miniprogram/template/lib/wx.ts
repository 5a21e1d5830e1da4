/**
 * The part of the `wx` global the app's logic uses, as a plain interface:
 * pages pass the real `wx`, tests in Node pass a fake whose `request` calls
 * a real server. Callback-style, as WeChat's own API.
 */
export type WxRequestOptions = {
  url: string;
  method?: "GET" | "POST";
  data?: unknown;
  header?: Record<string, string>;
  dataType?: string;
  success?: (res: { statusCode: number; data: unknown }) => void;
  fail?: (err: { errMsg: string }) => void;
};

export type WxAddress = { userName: string; telNumber: string; provinceName: string; cityName: string; countyName: string; detailInfo: string };

export interface WxLike {
  request(opts: WxRequestOptions): unknown;
  login(opts: { success?: (res: { code: string }) => void; fail?: (err: { errMsg: string }) => void }): unknown;
  getExtConfigSync?(): Record<string, unknown>;
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, value: unknown): void;
  removeStorageSync(key: string): void;
  chooseAddress?(opts: { success?: (res: WxAddress) => void; fail?: (err: { errMsg: string }) => void }): unknown;
  requestPayment?(opts: Record<string, unknown> & { success?: (res: unknown) => void; fail?: (err: { errMsg: string }) => void }): unknown;
  /** 商家转账 user confirmation (base library 3.3.0+): opens WeChat's page to receive a merchant transfer. */
  requestMerchantTransfer?(opts: Record<string, unknown> & { success?: (res: unknown) => void; fail?: (err: { errMsg: string }) => void }): unknown;
  getSystemInfoSync?(): { language?: string };
  uploadFile?(opts: { url: string; filePath: string; name: string; header?: Record<string, string>; success?: (res: { statusCode: number; data: string }) => void; fail?: (err: { errMsg: string }) => void }): unknown;
  downloadFile?(opts: { url: string; header?: Record<string, string>; success?: (res: { statusCode: number; tempFilePath: string }) => void; fail?: (err: { errMsg: string }) => void }): unknown;
  openDocument?(opts: { filePath: string; fileType?: string; showMenu?: boolean; success?: (res: unknown) => void; fail?: (err: { errMsg: string }) => void }): unknown;
}

/** A callback API as a promise (WeChat's promise forms are not in every base library). */
export function call<R>(fn: (opts: { success?: (r: R) => void; fail?: (e: { errMsg: string }) => void }) => unknown): Promise<R> {
  return new Promise((resolve, reject) => {
    fn({ success: resolve, fail: (e) => reject(new Error(e?.errMsg ?? "wx call failed")) });
  });
}

export function request(wx: WxLike, opts: Omit<WxRequestOptions, "success" | "fail">): Promise<{ statusCode: number; data: unknown }> {
  return new Promise((resolve, reject) => {
    wx.request({ dataType: "json", ...opts, success: resolve, fail: (e) => reject(new NetworkError(e?.errMsg ?? "request:fail")) });
  });
}

export class NetworkError extends Error {}
