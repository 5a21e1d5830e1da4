import Link from "next/link";
import { Play } from "lucide-react";
import { useTranslations } from "next-intl";
import { linkHref } from "./links";
import type { BlockRendererProps } from "./types";

/** An uploaded video played inline (its poster until then), or only the poster, linking on. */
export function VideoBlock({ block, ctx, eager }: BlockRendererProps<"video">) {
  const t = useTranslations("blocks");
  const { src, poster, title, link } = block.props;
  const href = linkHref(link, ctx);
  const frame = "relative mx-3 my-2 block aspect-video overflow-hidden rounded-brand bg-black";
  return (
    <figure className="py-1">
      {src ? (
        // Nothing is fetched before the tap (preload none): a shopper on mobile data pays for the poster only.
        <video className={frame + " w-[calc(100%-1.5rem)]"} src={src} poster={poster} controls playsInline preload="none" aria-label={title || t("video")} />
      ) : href ? (
        <Link href={href} className={frame} aria-label={title || t("video")}>
          <Poster poster={poster} eager={eager} />
          <span aria-hidden className="absolute inset-0 m-auto flex h-12 w-12 items-center justify-center rounded-full bg-black/50 text-white">
            <Play className="h-6 w-6" />
          </span>
        </Link>
      ) : (
        <div className={frame}>
          <Poster poster={poster} eager={eager} />
        </div>
      )}
      {title ? <figcaption className="px-3 text-sm text-slate-600">{title}</figcaption> : null}
    </figure>
  );
}

function Poster({ poster, eager }: { poster: string; eager: boolean }) {
  // eslint-disable-next-line @next/next/no-img-element
  return <img src={poster} alt="" width={750} height={422} loading={eager ? "eager" : "lazy"} className="h-full w-full object-cover" />;
}

/** A picture with tappable rectangles (percentages of the picture) leading to products, categories or pages. */
export function HotspotImageBlock({ block, ctx, eager }: BlockRendererProps<"hotspotImage">) {
  const t = useTranslations("blocks");
  const { image, alt, hotspots } = block.props;
  return (
    <div className="relative mx-3 my-2 overflow-hidden rounded-brand bg-black/[0.03]">
      {/* The picture's own proportions decide the height (hotspots are percentages of it); until it loads a 2:1 box holds the place. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={image} alt={alt} width={750} height={375} loading={eager ? "eager" : "lazy"} className="block h-auto w-full" />
      {hotspots.map((h, i) => {
        const href = linkHref(h.link, ctx);
        if (!href) return null;
        return (
          <Link
            key={i}
            href={href}
            aria-label={t("hotspot", { n: i + 1 })}
            className="absolute focus-visible:outline-2 focus-visible:outline-brand"
            style={{ left: `${h.x}%`, top: `${h.y}%`, width: `${h.w}%`, height: `${h.h}%` }}
            data-testid="hotspot"
          />
        );
      })}
    </div>
  );
}
