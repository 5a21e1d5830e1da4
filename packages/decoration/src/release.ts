/**
 * A release: the immutable snapshot a storefront serves (theme, every page,
 * the shop settings shoppers see). History shows what each one changed.
 */
import { themeChanges, type Theme } from "../../theme/src";
import { diffDocuments, pageKey, type PageChange, type PageDocument } from "./document";

export type ReleaseSettings = { name: string; description: string };
export type ReleaseContent = { theme: Theme; pages: PageDocument[]; settings: ReleaseSettings };

export type ReleaseChanges = {
  theme: string[];
  settings: string[];
  pages: { key: string; title: string; status: "added" | "removed" | "changed"; change: PageChange }[];
};

/** What a release changed against the one before it (nothing before: everything is added). */
export function releaseChanges(before: ReleaseContent | null, after: ReleaseContent): ReleaseChanges {
  const old = new Map((before?.pages ?? []).map((p) => [pageKey(p), p]));
  const now = new Map(after.pages.map((p) => [pageKey(p), p]));
  const pages: ReleaseChanges["pages"] = [];
  for (const [key, p] of now) {
    const o = old.get(key);
    const change = diffDocuments(o, p);
    if (!o) pages.push({ key, title: p.title, status: "added", change });
    else if (change.added || change.removed || change.edited || change.moved || o.title !== p.title) pages.push({ key, title: p.title, status: "changed", change });
  }
  for (const [key, o] of old) if (!now.has(key)) pages.push({ key, title: o.title, status: "removed", change: diffDocuments(o, undefined) });
  const settings = before ? (Object.keys(after.settings) as (keyof ReleaseSettings)[]).filter((k) => before.settings[k] !== after.settings[k]) : [];
  return { theme: before ? themeChanges(before.theme, after.theme) : [], settings, pages };
}

/** The page of a release a storefront address shows. */
export function releasePage(content: ReleaseContent, kind: PageDocument["kind"], slug?: string) {
  return content.pages.find((p) => p.kind === kind && (kind !== "landing" || p.slug === slug)) ?? null;
}
