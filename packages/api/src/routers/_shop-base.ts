import { AppError } from "../../../core/src/errors";
import { isOwnOrigin } from "../../../server/src/host";

/**
 * The storefront URL the browser reports (payment return URLs are built on
 * it). Only this shop's own hosts, or the platform's, are accepted, so a
 * forged value cannot send a shopper from the payment page to another site.
 */
export function safeShopBase(base: string, shopKey: string, slug: string): string {
  if (base === "" || (base.startsWith("/") && !base.startsWith("//"))) return base;
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new AppError("BAD_REQUEST", "invalid"); // no form field shows `base`: a form-level message
  }
  if (!isOwnOrigin(u, [slug, shopKey])) throw new AppError("BAD_REQUEST", "invalid"); // no form field shows `base`: a form-level message
  return `${u.origin}${u.pathname.replace(/\/$/, "")}`;
}
