"use client";

import { useEffect, useState } from "react";
import { countdownState } from "@/packages/decoration/src/countdown";

export type ClockLabels = { endsIn: string; ended: string; days: string; hours: string; minutes: string; seconds: string };

const two = (n: number) => String(n).padStart(2, "0");

/**
 * Days, hours, minutes and seconds to `endsAt`, then 已结束. The first render
 * uses the server's `now` (the same markup on both sides), then the browser's
 * clock ticks it every second.
 */
export function CountdownClock({ endsAt, now, labels }: { endsAt: string; now: number; labels: ClockLabels }) {
  const [at, setAt] = useState(now);
  const state = countdownState(endsAt, at);
  useEffect(() => {
    const tick = () => {
      const t = Date.now();
      setAt(t);
      if (countdownState(endsAt, t).ended) window.clearInterval(id);
    };
    const first = window.setTimeout(tick, 0);
    const id = window.setInterval(tick, 1000);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(id);
    };
  }, [endsAt]);
  if (state.ended) {
    return (
      <span className="rounded-full bg-white/20 px-2.5 py-0.5 text-xs font-semibold" data-testid="countdown-ended">
        {labels.ended}
      </span>
    );
  }
  const parts: [number, string][] = [
    [state.days, labels.days],
    [state.hours, labels.hours],
    [state.minutes, labels.minutes],
    [state.seconds, labels.seconds],
  ];
  return (
    <span className="flex items-center gap-1 text-xs" role="timer" aria-live="off" data-testid="countdown-clock">
      <span className="mr-0.5 opacity-90">{labels.endsIn}</span>
      {parts.map(([n, unit], i) =>
        i === 0 && n === 0 ? null : (
          <span key={unit} className="flex items-baseline gap-0.5">
            <span className="min-w-6 rounded bg-black/25 px-1 py-0.5 text-center font-mono text-sm font-semibold tabular-nums">{i === 0 ? n : two(n)}</span>
            <span>{unit}</span>
          </span>
        ),
      )}
    </span>
  );
}
