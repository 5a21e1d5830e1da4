import { getTranslations } from "next-intl/server";

type Event = { id: string; type: string; createdAt: Date; data: Record<string, unknown> };

/** The order's history, newest first, in the shopper's or merchant's language. */
export async function OrderTimeline({ events, locale, timeZone }: { events: Event[]; locale: string; timeZone: string }) {
  const t = await getTranslations("shop");
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone });
  return (
    <ol className="space-y-3 border-l border-black/10 pl-4 text-sm" data-testid="order-timeline">
      {[...events].reverse().map((e) => (
        <li key={e.id} className="relative">
          <span className="absolute -left-[21px] top-1.5 h-2 w-2 rounded-full bg-brand" aria-hidden />
          <p className="font-medium">{t.has(`event.${e.type}` as never) ? t(`event.${e.type}` as never) : e.type}</p>
          <p className="text-xs text-slate-500">
            {fmt.format(e.createdAt)}
            {typeof e.data.carrier === "string" ? ` · ${e.data.carrier} ${String(e.data.trackingNo ?? "")}` : ""}
            {typeof e.data.reason === "string" && e.data.reason ? ` · ${e.data.reason}` : ""}
          </p>
        </li>
      ))}
    </ol>
  );
}
