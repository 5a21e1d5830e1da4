import { getTranslations } from "next-intl/server";
import { cn } from "@/lib/cn";

const TONE: Record<string, string> = {
  created: "bg-amber-100 text-amber-800",
  paid: "bg-sky-100 text-sky-800",
  shipped: "bg-indigo-100 text-indigo-800",
  received: "bg-emerald-100 text-emerald-800",
  completed: "bg-slate-100 text-slate-700",
  cancelled: "bg-slate-100 text-slate-500",
  refund_requested: "bg-red-100 text-red-700",
  refunded: "bg-slate-200 text-slate-700",
};

export async function OrderStatusBadge({ status }: { status: string }) {
  const t = await getTranslations("shop");
  return (
    <span className={cn("inline-flex rounded-full px-2 py-0.5 text-xs font-medium", TONE[status])} data-testid="order-status" data-status={status}>
      {t(`status.${status}` as never)}
    </span>
  );
}
