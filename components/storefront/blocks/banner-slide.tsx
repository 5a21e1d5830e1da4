import Link from "next/link";

export type SlideView = { src: string; alt: string; href: string | null };

/** One picture of a banner, at the banner's proportions (its box is sized before the picture arrives). */
export function BannerSlide({ slide, aspect, eager }: { slide: SlideView; aspect: number; eager: boolean }) {
  const img = (
    // eslint-disable-next-line @next/next/no-img-element
    <img
      src={slide.src}
      alt={slide.alt}
      width={750}
      height={Math.round(750 / aspect)}
      loading={eager ? "eager" : "lazy"}
      fetchPriority={eager ? "high" : undefined}
      draggable={false}
      className="h-full w-full object-cover"
    />
  );
  return slide.href ? (
    <Link href={slide.href} className="block h-full w-full">
      {img}
    </Link>
  ) : (
    img
  );
}
