import Link from "next/link";
import { useTranslations } from "next-intl";
import { shopHref } from "./links";
import type { BlockRendererProps } from "./types";

/** Basis points as a percentage in the shop's language (1250 → 12.5%). */
export const percentOfBp = (bp: number, locale: string) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bp / 10_000);

/** 招募分销员: the programme's headline, its level-1 and level-2 rates, and the way in (分销中心). */
export function RecruitmentBlock({ block, data, ctx }: BlockRendererProps<"recruitment">) {
  const t = useTranslations("blocks");
  const { headline, body, buttonLabel, showRates } = block.props;
  const rates = showRates ? data.recruitment : null;
  return (
    <section className="relative mx-3 my-2 overflow-hidden rounded-brand bg-brand p-4 text-brand-foreground">
      <span aria-hidden className="absolute -bottom-10 -right-8 h-28 w-28 rounded-full bg-accent opacity-50" />
      <h2 className="relative text-base font-semibold">{headline}</h2>
      {body ? <p className="relative mt-1 text-sm opacity-90">{body}</p> : null}
      {rates ? (
        <dl className="relative mt-3 flex gap-2 text-center" data-testid="recruitment-rates">
          <div className="flex-1 rounded-brand bg-white/15 px-2 py-1.5">
            <dt className="text-xs opacity-90">{t("level1Rate")}</dt>
            <dd className="text-lg font-semibold">{percentOfBp(rates.level1Bp, ctx.locale)}</dd>
          </div>
          {rates.level2Bp !== null ? (
            <div className="flex-1 rounded-brand bg-white/15 px-2 py-1.5">
              <dt className="text-xs opacity-90">{t("level2Rate")}</dt>
              <dd className="text-lg font-semibold">{percentOfBp(rates.level2Bp, ctx.locale)}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <Link href={shopHref(`${ctx.base}/me/distribution`, ctx)} className="relative mt-3 inline-flex rounded-full bg-white px-4 py-1.5 text-sm font-semibold text-brand shadow-sm" data-testid="recruitment-join">
        {buttonLabel}
      </Link>
    </section>
  );
}
