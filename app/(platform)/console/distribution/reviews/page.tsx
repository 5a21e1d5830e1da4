import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { FlaggedText, LiftSuspension, ModerationWords, ReviewDecision } from "@/components/console/distribution/shop-reviews";
import { EmptyState, Section } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { cn } from "@/lib/cn";
import { consoleFrame } from "@/lib/console";
import { PLATFORM_BANNED_WORDS } from "@/packages/decoration/src/personal-shop";
import { can } from "@/packages/tenancy/src/roles";

/**
 * Personal-shop moderation (PRODUCT.md §8.1): submissions with a banned word
 * or a new picture wait here for 通过 / 驳回 (a reason the distributor sees);
 * the decisions so far; distributors whose third rejection suspended their
 * editing; and the merchant's own banned words beside the platform's.
 */
export default async function ShopReviewsPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const sp = await searchParams;
  const tab = sp.tab === "decided" ? "decided" : "pending";
  const { active, caller } = await consoleFrame(`/console/distribution/reviews${tab === "decided" ? "?tab=decided" : ""}`);
  if (!active) redirect("/console");
  const [{ role }, list, words, levels] = await Promise.all([caller.tenant.current(), caller.distribution.reviews.list({ status: tab }), caller.distribution.reviews.words(), caller.distribution.levels()]);
  const t = await getTranslations("distribution.reviews");
  const locale = await getLocale();
  const canWrite = can(role, "distribution.write");
  const levelName = (n: number) => levels.find((l) => l.level === n)?.name[locale === "en" ? "en" : "zh-CN"] ?? String(n);
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short" });
  const columns = [
    { label: t("distributor") },
    { label: t("level") },
    { label: t("shopTitle") },
    { label: t("banner") },
    { label: t("products") },
    { label: tab === "pending" ? t("submittedAt") : t("decidedAt") },
    { label: tab === "pending" ? t("actions") : t("result") },
  ];

  return (
    <div className="space-y-4" data-testid="shop-reviews">
      {!canWrite ? <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600" data-testid="reviews-read-only">{t("readOnly")}</p> : null}
      <nav className="flex flex-wrap gap-1 text-sm" aria-label={t("tab")} data-testid="review-tabs">
        {(["pending", "decided"] as const).map((x) => (
          <Link
            key={x}
            href={x === "pending" ? "/console/distribution/reviews" : "/console/distribution/reviews?tab=decided"}
            aria-current={x === tab ? "page" : undefined}
            data-testid={`review-tab-${x}`}
            className={cn("rounded-md px-3 py-1.5", x === tab ? "bg-emerald-700 text-white" : "bg-white ring-1 ring-slate-200 hover:bg-slate-50")}
          >
            {t(x)}
          </Link>
        ))}
      </nav>

      <Section title={tab === "pending" ? t("queue") : t("history")}>
        {list.reviews.length ? (
          <DataTable columns={columns} testId="review-table" bare>
            {list.reviews.map((r) => (
              <tr key={r.id} className="align-top" data-testid="review-row" data-id={r.id} data-code={r.code} data-status={r.status}>
                <td className="px-3 py-2">
                  <p className="font-medium">{r.name}</p>
                  <p className="font-mono text-xs text-slate-500">{r.code}</p>
                  {r.rejections ? <p className="text-xs text-amber-700">{t("rejections", { n: r.rejections })}</p> : null}
                </td>
                <td className="px-3 py-2">{levelName(r.level)}</td>
                <td className="max-w-56 px-3 py-2">
                  <p data-testid="review-title">{r.content.title ? <FlaggedText text={r.content.title} words={r.flagged} /> : <span className="text-slate-400">{t("noTitle")}</span>}</p>
                  {r.flagged.length ? (
                    <p className="mt-1 text-xs text-red-700" data-testid="review-flagged">
                      {t("flagged", { words: r.flagged.join("、") })}
                    </p>
                  ) : null}
                </td>
                <td className="px-3 py-2">
                  {r.content.banner ? (
                    <a href={r.content.banner} target="_blank" rel="noreferrer">
                      {/* eslint-disable-next-line @next/next/no-img-element */}
                      <img src={r.content.banner} alt={t("banner")} className="h-12 w-20 rounded object-cover ring-1 ring-slate-200" data-testid="review-banner" />
                    </a>
                  ) : (
                    <span className="text-xs text-slate-400">{t("noBanner")}</span>
                  )}
                </td>
                <td className="px-3 py-2" data-testid="review-products">{t("productsCount", { n: r.content.productIds.length })}</td>
                <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-500">{fmt.format(new Date(tab === "pending" ? r.createdAt : (r.decidedAt ?? r.createdAt)))}</td>
                <td className="px-3 py-2">
                  {tab === "pending" ? (
                    canWrite ? <ReviewDecision id={r.id} /> : null
                  ) : (
                    <div className="space-y-0.5">
                      <p className={r.status === "approved" ? "text-emerald-700" : "text-red-700"} data-testid="review-result">
                        {t(`statuses.${r.status === "approved" ? "approved" : "rejected"}`)}
                      </p>
                      {r.reason ? <p className="max-w-48 text-xs text-slate-500">{r.reason}</p> : null}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <EmptyState title={tab === "pending" ? t("empty") : t("emptyDecided")} />
        )}
      </Section>

      <Section title={t("suspendedTitle")} data-testid="suspended-distributors">
        <p className="mb-2 text-xs text-slate-500">{t("suspendedHint")}</p>
        {list.suspended.length ? (
          <ul className="divide-y divide-slate-100">
            {list.suspended.map((s) => (
              <li key={s.userId} className="flex items-center gap-3 py-2 text-sm" data-testid="suspended-row" data-code={s.code}>
                <span className="font-medium">{s.name}</span>
                <span className="font-mono text-xs text-slate-500">{s.code}</span>
                <span className="text-xs text-amber-700">{t("rejections", { n: s.rejections })}</span>
                {canWrite ? <LiftSuspension userId={s.userId} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">{t("noSuspended")}</p>
        )}
      </Section>

      <Section title={t("wordsTitle")}>
        <ModerationWords initial={words} canWrite={canWrite} platform={[...PLATFORM_BANNED_WORDS]} />
      </Section>
    </div>
  );
}
