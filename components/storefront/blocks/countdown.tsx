import { useTranslations } from "next-intl";
import { Timer } from "lucide-react";
import { countdownState } from "@/packages/decoration/src/countdown";
import { CountdownClock } from "./countdown-clock";
import { ProductTile } from "./product-tiles";
import type { BlockRendererProps } from "./types";

/** 限时抢购: a ticking clock to the end (已结束 after it) over the products on offer. */
export function CountdownBlock({ block, data, ctx }: BlockRendererProps<"countdown">) {
  const t = useTranslations("blocks");
  const { title, endsAt } = block.props;
  const items = data.products[block.id] ?? [];
  const ended = countdownState(endsAt, ctx.now).ended;
  return (
    <section className="mx-3 my-2 overflow-hidden rounded-brand bg-white shadow-sm ring-1 ring-black/5" data-ended={ended ? "true" : "false"}>
      <header className="flex flex-wrap items-center justify-between gap-2 bg-brand px-3 py-2 text-brand-foreground">
        <h2 className="flex items-center gap-1.5 text-base font-semibold">
          <Timer className="h-4 w-4" aria-hidden />
          {title}
        </h2>
        <CountdownClock
          endsAt={endsAt}
          now={ctx.now}
          labels={{ endsIn: t("endsIn"), ended: t("ended"), days: t("days"), hours: t("hours"), minutes: t("minutes"), seconds: t("seconds") }}
        />
      </header>
      {items.length ? (
        <ul className={`flex gap-2 overflow-x-auto p-2 [&>li]:w-28 [&>li]:shrink-0 ${ended ? "opacity-60 grayscale" : ""}`}>
          {items.map((p) => (
            <ProductTile key={p.id} p={p} ctx={ctx} compact />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
