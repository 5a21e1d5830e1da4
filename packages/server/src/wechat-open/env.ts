import { z } from "zod";

/**
 * The platform's WeChat third-party platform (开放平台第三方平台), validated
 * once from the environment. Missing variables are named; the console says
 * exactly which (package download still works without them).
 */
export const WECHAT_ENV_VARS = ["WECHAT_COMPONENT_APPID", "WECHAT_COMPONENT_SECRET", "WECHAT_COMPONENT_TOKEN", "WECHAT_COMPONENT_AES_KEY"] as const;
export type WechatEnvVar = (typeof WECHAT_ENV_VARS)[number];

const schema = z.object({
  WECHAT_COMPONENT_APPID: z.string().regex(/^wx[0-9a-zA-Z]{8,30}$/, "an app id like wx1234567890abcdef"),
  WECHAT_COMPONENT_SECRET: z.string().min(8, "the AppSecret of the third-party platform"),
  WECHAT_COMPONENT_TOKEN: z.string().min(3, "the message token (消息校验Token)"),
  WECHAT_COMPONENT_AES_KEY: z.string().regex(/^[A-Za-z0-9+/]{43}$/, "the EncodingAESKey: 43 characters"),
  WECHAT_API_BASE: z.url().default("https://api.weixin.qq.com"),
  WECHAT_MP_BASE: z.url().default("https://mp.weixin.qq.com"),
  /** Between submit_audit attempts while WeChat's code check runs (61039). */
  WECHAT_CODE_CHECK_RETRY_MS: z.coerce.number().int().min(0).default(5000),
  WECHAT_CODE_CHECK_TRIES: z.coerce.number().int().min(1).default(12),
});

export type WechatConfig = {
  appid: string;
  secret: string;
  token: string;
  aesKey: string;
  apiBase: string;
  mpBase: string;
  codeCheckRetryMs: number;
  codeCheckTries: number;
};

export type WechatEnvState =
  | { configured: true; config: WechatConfig; set: WechatEnvVar[]; missing: []; invalid: [] }
  | { configured: false; config: null; set: WechatEnvVar[]; missing: WechatEnvVar[]; invalid: { name: WechatEnvVar; hint: string }[] };

export function readWechatEnv(env: Record<string, string | undefined> = process.env): WechatEnvState {
  const set = WECHAT_ENV_VARS.filter((k) => !!env[k]);
  const missing = WECHAT_ENV_VARS.filter((k) => !env[k]);
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== "")));
  if (!parsed.success || missing.length > 0) {
    const invalid = parsed.success
      ? []
      : parsed.error.issues
          .map((i) => ({ name: String(i.path[0]) as WechatEnvVar, hint: i.message }))
          .filter((i) => (WECHAT_ENV_VARS as readonly string[]).includes(i.name) && !missing.includes(i.name));
    return { configured: false, config: null, set: set.filter((k) => !invalid.some((i) => i.name === k)), missing, invalid };
  }
  const e = parsed.data;
  return {
    configured: true,
    set,
    missing: [],
    invalid: [],
    config: {
      appid: e.WECHAT_COMPONENT_APPID,
      secret: e.WECHAT_COMPONENT_SECRET,
      token: e.WECHAT_COMPONENT_TOKEN,
      aesKey: e.WECHAT_COMPONENT_AES_KEY,
      apiBase: e.WECHAT_API_BASE.replace(/\/$/, ""),
      mpBase: e.WECHAT_MP_BASE.replace(/\/$/, ""),
      codeCheckRetryMs: e.WECHAT_CODE_CHECK_RETRY_MS,
      codeCheckTries: e.WECHAT_CODE_CHECK_TRIES,
    },
  };
}

let once: WechatEnvState | null = null;
/** process.env, read once per process (t3's pattern); the message names what is missing. */
export function wechatEnv(): WechatEnvState {
  return (once ??= readWechatEnv());
}

/** Tests change the environment between cases. */
export function resetWechatEnv(): void {
  once = null;
}

export function requireWechat(state: WechatEnvState = wechatEnv()): WechatConfig {
  if (state.configured) return state.config;
  const names = [...state.missing, ...state.invalid.map((i) => `${i.name} (${i.hint})`)];
  throw new Error(`WeChat third-party platform not configured: ${names.join(", ")}`);
}
