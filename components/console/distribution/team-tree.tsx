"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { errorInfo, useTRPC } from "@/components/trpc";
import { FormError } from "@/components/ui/form";
import type { TeamNode } from "@/packages/db/src/queries/distributors";

/** The referral tree, loaded one level at a time (distribution.team({ rootId })): the whole downline, any depth. */
export function TeamTree({ levelNames }: { levelNames: string[] }) {
  return <Children rootId={null} levelNames={levelNames} depth={0} />;
}

function Children({ rootId, levelNames, depth }: { rootId: string | null; levelNames: string[]; depth: number }) {
  const t = useTranslations("distribution.tree");
  const trpc = useTRPC();
  const q = useQuery(trpc.distribution.team.queryOptions({ rootId }));
  if (q.error) return <FormError message={errorInfo(q.error).message} />;
  if (!q.data) return <p className="py-1 text-xs text-slate-400">{t("loading")}</p>;
  if (q.data.length === 0) return <p className="py-1 text-xs text-slate-400">{t("empty")}</p>;
  return (
    <ul className={depth ? "ml-4 border-l border-slate-200 pl-2" : undefined}>
      {q.data.map((n) => (
        <Node key={n.userId} node={n} levelNames={levelNames} depth={depth} />
      ))}
    </ul>
  );
}

function Node({ node, levelNames, depth }: { node: TeamNode; levelNames: string[]; depth: number }) {
  const t = useTranslations("distribution.tree");
  const [open, setOpen] = useState(false);
  const canOpen = node.direct > 0;
  return (
    <li data-testid="tree-node" data-name={node.name}>
      <button
        type="button"
        className="flex w-full items-center gap-2 rounded px-1 py-1.5 text-left text-sm hover:bg-slate-50 disabled:cursor-default"
        disabled={!canOpen}
        aria-expanded={canOpen ? open : undefined}
        onClick={() => setOpen(!open)}
        data-testid="tree-toggle"
      >
        {canOpen ? open ? <ChevronDown className="h-4 w-4 shrink-0" aria-hidden /> : <ChevronRight className="h-4 w-4 shrink-0" aria-hidden /> : <span className="w-4 shrink-0" />}
        <span className="font-medium">{node.name}</span>
        <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">{node.level ? (levelNames[node.level - 1] ?? node.level) : t("shopper")}</span>
        <span className="ml-auto whitespace-nowrap text-xs text-slate-500">{t("counts", { direct: node.direct, team: node.teamSize })}</span>
      </button>
      {open ? <Children rootId={node.userId} levelNames={levelNames} depth={depth + 1} /> : null}
    </li>
  );
}
