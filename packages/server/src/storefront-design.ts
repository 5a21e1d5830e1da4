/**
 * Which decoration a storefront page shows (PRODUCT.md §6.4): the live
 * release, or, behind a valid signed preview link, the drafts. Drafts are
 * never shown without one; a forged, foreign or expired token shows the live
 * page and says so. Reads only (a shopper's transaction may not write).
 */
import { blockData } from "../../db/src/queries/block-data";
import { liveContent, readDrafts } from "../../db/src/queries/design";
import type { Tx } from "../../db/src/client";
import { defaultCategoryDocument, defaultHomeDocument, emptyBlockData, releasePage, type BlockData, type PageDocument, type PageKind, type ReleaseContent } from "../../decoration/src";
import type { Theme } from "../../theme/src";
import { verifyPreviewToken } from "./preview-token";

/** live: no token; preview: a valid token; refused: a token that is not (shown the live page with a notice). */
export type DesignMode = "live" | "preview" | "refused";

export function designMode(token: string | null | undefined, tenantId: string, now: number): DesignMode {
  if (token === undefined || token === null || token === "") return "live";
  return verifyPreviewToken(token, tenantId, now) ? "preview" : "refused";
}

export type StorefrontDesign = {
  mode: DesignMode;
  /** the release shown (null: drafts, or a shop never published) */
  version: number | null;
  theme: Theme;
  /** the shop's name as the release (or the drafts) has it */
  name: string;
  /** null: the release has no such landing page (the route answers 404) */
  doc: PageDocument | null;
  data: BlockData;
};

/** Home and category always have a page (the defaults, as the shop looked before decoration); a landing page may not exist. */
function pageOf(content: ReleaseContent, kind: PageKind, slug?: string): PageDocument | null {
  const doc = releasePage(content, kind, slug);
  if (doc) return doc;
  if (kind === "home") return defaultHomeDocument();
  if (kind === "category") return defaultCategoryDocument();
  return null;
}

export async function storefrontDesign(
  tx: Tx,
  tenantId: string,
  page: { kind: PageKind; slug?: string },
  opts: { previewToken?: string | null; now?: number } = {},
): Promise<StorefrontDesign> {
  const now = opts.now ?? Date.now();
  const mode = designMode(opts.previewToken, tenantId, now);
  const drafts = mode === "preview" ? await readDrafts(tx, tenantId) : null;
  const { version, content } = drafts ? { version: null, content: drafts } : await liveContent(tx, tenantId);
  const doc = pageOf(content, page.kind, page.slug);
  // Links name landing pages of the same release (or the same drafts).
  const landingPages = Object.fromEntries(content.pages.filter((p) => p.kind === "landing" && p.slug).map((p) => [p.slug!, p.title]));
  const data = doc ? await blockData(tx, tenantId, [doc], { landingPages }) : emptyBlockData();
  return { mode, version, theme: content.theme, name: content.settings.name, doc, data };
}
