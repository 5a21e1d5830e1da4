/**
 * The fake WeChat as a process, for Playwright (playwright.config.ts
 * webServer): FAKE_WECHAT_PORT (default 3199), pushes go to FAKE_WECHAT_APP_URL.
 */
import { FAKE_WECHAT_ENV, startFakeWechat } from "./fake-wechat-open";

const port = Number(process.env.FAKE_WECHAT_PORT || 3199);
void startFakeWechat(
  { appid: FAKE_WECHAT_ENV.WECHAT_COMPONENT_APPID, token: FAKE_WECHAT_ENV.WECHAT_COMPONENT_TOKEN, aesKey: FAKE_WECHAT_ENV.WECHAT_COMPONENT_AES_KEY, appUrl: process.env.FAKE_WECHAT_APP_URL },
  port,
).then((fake) => console.log(`fake WeChat open platform on ${fake.url}`));
