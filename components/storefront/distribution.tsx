"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Check, Copy } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { cn } from "@/lib/cn";

/** Join the programme (or apply, when it needs approval); the page reloads with the new status. */
export function JoinButton({ shop, label }: { shop: string; label: string }) {
  const t = useTranslations("myDistribution");
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const join = useMutation(trpc.shop.distribution.join.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="space-y-2">
      <Button variant="brand" className="w-full" disabled={!hydrated || join.isPending} onClick={() => join.mutate({ shop })} data-testid="distribution-join">
        {join.isPending ? t("joining") : label}
      </Button>
      <FormError message={errorInfo(join.error).message} />
    </div>
  );
}

/**
 * A link to share, selectable by hand, with a copy button. Some browsers
 * refuse the clipboard (no secure context, no permission): the link then
 * stays selected and the user is told to copy it themselves.
 */
export function CopyField({ value, testId, label }: { value: string; testId: string; label?: string }) {
  const t = useTranslations("myDistribution");
  const hydrated = useHydrated();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const id = `${testId}-input`;
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      (document.getElementById(id) as HTMLInputElement | null)?.select();
      setState("failed");
    }
  }
  return (
    <div className="space-y-1">
      {label ? <label htmlFor={id} className="block text-xs text-slate-500">{label}</label> : null}
      <div className="flex items-center gap-2">
        <input
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-black/10 bg-slate-50 px-2 py-1.5 font-mono text-xs text-slate-700"
          data-testid={testId}
        />
        <Button type="button" variant="outline" size="sm" disabled={!hydrated} onClick={() => void copy()} data-testid={`${testId}-copy`}>
          {state === "copied" ? <Check className="h-3.5 w-3.5" aria-hidden /> : <Copy className="h-3.5 w-3.5" aria-hidden />}
          {state === "copied" ? t("copied") : t("copy")}
        </Button>
      </div>
      {state === "failed" ? <p className="text-xs text-amber-700">{t("copyFailed")}</p> : null}
      {state === "copied" ? <span role="status" className="sr-only">{t("copied")}</span> : null}
    </div>
  );
}

type Member = { name: string; phone: string | null; level: number | null; isDistributor: boolean; boundAt: string };

/**
 * The team by depth (1 = direct): one tab per depth that has members. The
 * first depth comes with the page; the others are fetched when opened.
 * Names and phones arrive masked from the server.
 */
export function TeamTabs({
  shop,
  byDepth,
  first,
  levelNames,
  locale,
}: {
  shop: string;
  byDepth: { depth: number; n: number }[];
  first: Member[];
  levelNames: Record<number, string>;
  locale: string;
}) {
  const t = useTranslations("myDistribution");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const [depth, setDepth] = useState(byDepth[0]?.depth ?? 1);
  const q = useQuery({ ...trpc.shop.distribution.team.queryOptions({ shop, depth }), enabled: depth !== 1 });
  const members = depth === 1 ? first : (q.data?.members ?? []);
  if (!byDepth.length) return <p className="text-sm text-slate-500" data-testid="team-empty">{t("noTeam")}</p>;
  return (
    <div className="space-y-2">
      <div role="tablist" className="flex gap-2 overflow-x-auto">
        {byDepth.map((d) => (
          <button
            key={d.depth}
            type="button"
            role="tab"
            aria-selected={d.depth === depth}
            disabled={!hydrated}
            onClick={() => setDepth(d.depth)}
            className={cn("shrink-0 rounded-full border px-3 py-1 text-xs", d.depth === depth ? "border-brand bg-brand text-brand-foreground" : "border-black/10 bg-white")}
            data-testid={`team-tab-${d.depth}`}
          >
            {t("depthTab", { n: d.depth, count: d.n })}
          </button>
        ))}
      </div>
      <ul role="tabpanel" className="divide-y divide-black/5" data-testid="team-list" data-depth={depth} aria-busy={depth !== 1 && q.isPending}>
        {members.map((m, i) => (
          <li key={`${m.name}-${m.boundAt}-${i}`} className="flex items-center justify-between gap-2 py-2 text-sm" data-testid="team-member">
            <div className="min-w-0">
              <p className="truncate">{m.name}</p>
              <p className="text-xs text-slate-500" data-testid="team-phone">{m.phone ?? "—"}</p>
            </div>
            <div className="shrink-0 text-right text-xs text-slate-500">
              <p>{m.isDistributor && m.level ? t("memberLevel", { name: levelNames[m.level] ?? t("levelN", { n: m.level }) }) : t("shopper")}</p>
              <p>{t("boundAt", { date: new Date(m.boundAt).toLocaleDateString(locale) })}</p>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "Leave the programme": a confirmation first, then the request (a person approves it). */
export function ExitRequest({ shop }: { shop: string }) {
  const t = useTranslations("myDistribution");
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const exit = useMutation(trpc.shop.distribution.requestExit.mutationOptions({ onSuccess: () => { setOpen(false); router.refresh(); } }));
  if (!open) {
    return (
      <Button variant="outline" className="w-full text-red-700" disabled={!hydrated} onClick={() => setOpen(true)} data-testid="distribution-exit">
        {t("exit")}
      </Button>
    );
  }
  return (
    <div role="alertdialog" aria-labelledby="exit-title" aria-describedby="exit-body" className="space-y-3 rounded-brand bg-white p-4 shadow-sm ring-1 ring-red-200" data-testid="exit-dialog">
      <p id="exit-title" className="font-medium">{t("exitTitle")}</p>
      <p id="exit-body" className="text-sm text-slate-600">{t("exitBody")}</p>
      <FormError message={errorInfo(exit.error).message} />
      <div className="grid grid-cols-2 gap-2">
        <Button variant="outline" onClick={() => setOpen(false)} data-testid="exit-cancel">
          {t("cancel")}
        </Button>
        <Button variant="destructive" disabled={exit.isPending} onClick={() => exit.mutate({ shop })} data-testid="exit-confirm">
          {t("exitConfirm")}
        </Button>
      </div>
    </div>
  );
}
