import type { Messages } from "./packages/i18n/src";
import type { Locale } from "./packages/i18n/src";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
