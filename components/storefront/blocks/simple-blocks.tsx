import Link from "next/link";
import { ChevronRight, Megaphone } from "lucide-react";
import { sanitizeRichText } from "@/packages/decoration/src";
import { linkHref } from "./links";
import type { BlockRendererProps } from "./types";

export function NoticeBarBlock({ block, ctx }: BlockRendererProps<"noticeBar">) {
  const href = linkHref(block.props.link, ctx);
  const body = (
    <>
      <Megaphone className="h-4 w-4 shrink-0 text-accent" aria-hidden />
      <span className="min-w-0 flex-1 truncate">{block.props.text}</span>
      {href ? <ChevronRight className="h-4 w-4 shrink-0 opacity-60" aria-hidden /> : null}
    </>
  );
  const cls = "mx-3 my-2 flex items-center gap-2 rounded-brand bg-accent/10 px-3 py-2 text-sm";
  return href ? (
    <Link href={href} className={cls}>
      {body}
    </Link>
  ) : (
    <p className={cls}>
      {body}
    </p>
  );
}

export function SpacerBlock({ block }: BlockRendererProps<"spacer">) {
  const { height, divider } = block.props;
  return (
    <div aria-hidden style={{ height }} className="flex items-center px-3">
      {divider ? <hr className="w-full border-black/10" /> : null}
    </div>
  );
}

/** Merchant HTML, cleaned again here (the allow-list of packages/decoration) although it was cleaned on save. */
export function RichTextBlock({ block }: BlockRendererProps<"richText">) {
  return (
    <div
      className="px-4 py-2 text-sm leading-relaxed [&_blockquote]:border-l-4 [&_blockquote]:border-brand/30 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600 [&_h2]:mb-2 [&_h2]:mt-3 [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:mb-1.5 [&_h3]:mt-3 [&_h3]:text-base [&_h3]:font-semibold [&_h4]:mt-2 [&_h4]:font-semibold [&_img]:my-2 [&_img]:h-auto [&_img]:max-w-full [&_img]:rounded-brand [&_li]:my-0.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-2 [&_ul]:list-disc [&_ul]:pl-5"
      dangerouslySetInnerHTML={{ __html: sanitizeRichText(block.props.html) }}
    />
  );
}
