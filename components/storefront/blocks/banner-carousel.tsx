"use client";

import { useEffect, useRef, useState } from "react";
import { BannerSlide, type SlideView } from "./banner-slide";

/**
 * The banner's slides on a scroll-snap track: swiping is the browser's own,
 * the script only advances every few seconds (not while the shopper touches
 * it, nor with reduced motion) and follows the dots. About 1 KB gzip.
 */
export function BannerCarousel({ slides, aspect, intervalSeconds, eager, label, dotLabels }: { slides: SlideView[]; aspect: number; intervalSeconds: number; eager: boolean; label: string; dotLabels: string[] }) {
  const track = useRef<HTMLDivElement>(null);
  const touched = useRef(Number.NEGATIVE_INFINITY);
  const [current, setCurrent] = useState(0);

  useEffect(() => {
    const el = track.current;
    if (!el) return;
    const at = () => Math.round(el.scrollLeft / Math.max(1, el.clientWidth));
    const onScroll = () => setCurrent(at());
    el.addEventListener("scroll", onScroll, { passive: true });
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const id = reduced
      ? undefined
      : window.setInterval(() => {
          if (document.hidden || performance.now() - touched.current < intervalSeconds * 2000) return;
          el.scrollTo({ left: ((at() + 1) % slides.length) * el.clientWidth, behavior: "smooth" });
        }, intervalSeconds * 1000);
    return () => {
      el.removeEventListener("scroll", onScroll);
      if (id) window.clearInterval(id);
    };
  }, [slides.length, intervalSeconds]);

  // Event time stamps count from the page's time origin, as performance.now() does.
  const go = (i: number, at: number) => {
    touched.current = at;
    const el = track.current;
    el?.scrollTo({ left: i * el.clientWidth, behavior: "smooth" });
  };

  return (
    <section aria-roledescription="carousel" aria-label={label} className="relative mx-3 my-2 overflow-hidden rounded-brand bg-black/[0.03]" data-testid="banner">
      <div
        ref={track}
        onPointerDown={(e) => (touched.current = e.timeStamp)}
        className="flex snap-x snap-mandatory overflow-x-auto overscroll-x-contain [scrollbar-width:none] [&::-webkit-scrollbar]:hidden"
        style={{ aspectRatio: aspect }}
      >
        {slides.map((s, i) => (
          <div key={i} className="h-full w-full shrink-0 snap-center" aria-roledescription="slide" aria-label={dotLabels[i]}>
            <BannerSlide slide={s} aspect={aspect} eager={eager && i === 0} />
          </div>
        ))}
      </div>
      <div className="absolute inset-x-0 bottom-2 flex justify-center gap-1.5">
        {slides.map((_, i) => (
          <button
            key={i}
            type="button"
            aria-label={dotLabels[i]}
            aria-current={i === current ? "true" : undefined}
            onClick={(e) => go(i, e.timeStamp)}
            className={`h-1.5 rounded-full shadow-sm transition-all ${i === current ? "w-4 bg-white" : "w-1.5 bg-white/60"}`}
          />
        ))}
      </div>
    </section>
  );
}
