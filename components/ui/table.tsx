import type { ReactNode } from "react";
import { cn } from "@/lib/cn";
import { Card } from "./card";

export type Column = { label: ReactNode; align?: "right" };

/**
 * The console's data table: a header row of columns and the rows the caller
 * renders (`<tr>`s), scrolling sideways on a narrow screen. In a card of its
 * own, or bare inside a section (`bare`).
 */
export function DataTable({
  columns,
  children,
  testId,
  nowrap,
  bare,
  className,
}: {
  columns: Column[];
  children: ReactNode;
  testId?: string;
  nowrap?: boolean;
  bare?: boolean;
  className?: string;
}) {
  const table = (
    <table className={cn("w-full text-sm", nowrap && "whitespace-nowrap")} data-testid={testId}>
      <thead className="bg-slate-50 text-left text-xs text-slate-500">
        <tr>
          {columns.map((c, i) => (
            <th key={i} className={cn("px-3 py-2", c.align === "right" && "text-right")}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">{children}</tbody>
    </table>
  );
  return bare ? <div className={cn("overflow-x-auto", className)}>{table}</div> : <Card className={cn("overflow-x-auto", className)}>{table}</Card>;
}
