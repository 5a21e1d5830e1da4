import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/**
 * Under a console list: what it holds on the left, then previous, "page n
 * of m" and next as links (the page builds the addresses and the words, in
 * its own namespace).
 */
export function Pager({
  summary,
  position,
  prev,
  next,
  className,
}: {
  summary?: ReactNode;
  position: ReactNode;
  prev: { href: string; label: ReactNode } | null;
  next: { href: string; label: ReactNode } | null;
  className?: string;
}) {
  return (
    <div className={cn("flex items-center text-sm text-slate-500", summary ? "justify-between" : "justify-end", className)}>
      {summary ? <span>{summary}</span> : null}
      <span className="flex items-center gap-2">
        {prev ? <Link href={prev.href}>{prev.label}</Link> : null}
        {position}
        {next ? <Link href={next.href}>{next.label}</Link> : null}
      </span>
    </div>
  );
}
