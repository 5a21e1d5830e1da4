import { useTranslations } from "next-intl";
import { BannerCarousel } from "./banner-carousel";
import { BannerSlide, type SlideView } from "./banner-slide";
import { linkHref } from "./links";
import type { BlockRendererProps } from "./types";

/** One picture renders on the server alone; two or more become the carousel (the home page's only script besides a countdown). */
export function BannerBlock({ block, ctx, eager }: BlockRendererProps<"banner">) {
  const t = useTranslations("blocks");
  const { slides, aspect, intervalSeconds } = block.props;
  const views: SlideView[] = slides.map((s) => ({ src: s.image, alt: s.alt, href: linkHref(s.link, ctx) }));
  if (views.length === 1) {
    return (
      <div className="mx-3 my-2 overflow-hidden rounded-brand bg-black/[0.03]" style={{ aspectRatio: aspect }} data-testid="banner">
        <BannerSlide slide={views[0]!} aspect={aspect} eager={eager} />
      </div>
    );
  }
  return (
    <BannerCarousel
      slides={views}
      aspect={aspect}
      intervalSeconds={intervalSeconds}
      eager={eager}
      label={t("banner")}
      dotLabels={views.map((_, i) => t("slide", { n: i + 1, total: views.length }))}
    />
  );
}
