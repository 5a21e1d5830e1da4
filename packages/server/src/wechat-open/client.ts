import type { CallLogEntry } from "../../../db/src/schema";
import type { WechatConfig } from "./env";
import { WechatApiError } from "./errors";

/**
 * One HTTPS call to WeChat (WECHAT_API_BASE): JSON in, JSON out, errcode ≠ 0
 * thrown as WechatApiError. Every call and its answer go to `record` with
 * tokens and secrets redacted, for the submission's call log.
 */
export type Recorder = (entry: CallLogEntry) => void;

const SECRET_FIELDS = /token|secret|ticket|auth_code|authorization_code|pre_auth_code/i;

export function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_FIELDS.test(k) && typeof x === "string" ? "***" : redact(x)]));
  return v;
}

export type CallOptions = {
  method?: "GET" | "POST";
  /** component_access_token or access_token (authorizer): sent in the query, never recorded */
  token?: { name: "component_access_token" | "access_token"; value: string };
  query?: Record<string, string>;
  body?: unknown;
  record?: Recorder;
};

export async function wechatCall<T = Record<string, unknown>>(cfg: Pick<WechatConfig, "apiBase">, api: string, o: CallOptions = {}): Promise<T> {
  const url = new URL(api, `${cfg.apiBase}/`);
  for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
  if (o.token) url.searchParams.set(o.token.name, o.token.value);
  const method = o.method ?? (o.body === undefined ? "GET" : "POST");
  const started = Date.now();
  let json: Record<string, unknown>;
  try {
    const res = await fetch(url, {
      method,
      headers: o.body === undefined ? undefined : { "content-type": "application/json" },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: AbortSignal.timeout(15_000),
    });
    json = (await res.json()) as Record<string, unknown>;
  } catch (e) {
    o.record?.({ at: new Date().toISOString(), api, request: redact({ ...o.query, ...(o.body as object) }), response: { error: String(e) }, ms: Date.now() - started });
    throw new WechatApiError(api, -1, `network: ${String(e)}`);
  }
  o.record?.({ at: new Date().toISOString(), api, request: redact({ ...o.query, ...(o.body as object) }), response: redact(json), ms: Date.now() - started });
  const errcode = typeof json.errcode === "number" ? json.errcode : 0;
  if (errcode !== 0) throw new WechatApiError(api, errcode, String(json.errmsg ?? ""));
  return json as T;
}
