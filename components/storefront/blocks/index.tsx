/**
 * The H5 storefront's renderers of store decoration: one per block type of
 * packages/decoration (the mapped type fails to compile when a type is
 * missing; contract.test.tsx renders each). Server components, except the
 * banner carousel and the countdown clock, the only scripts a decorated page
 * ships (the home page's budget is 150 KB gzip).
 */
import type { BlockData, BlockType, PageDocument } from "@/packages/decoration/src";
import { BannerBlock } from "./banner";
import { CategoryNavBlock } from "./category-nav";
import { CountdownBlock } from "./countdown";
import type { H5Context } from "./links";
import { HotspotImageBlock, VideoBlock } from "./media-blocks";
import { ProductGridBlock, ProductListBlock } from "./product-blocks";
import { RecruitmentBlock } from "./recruitment";
import { NoticeBarBlock, RichTextBlock, SpacerBlock } from "./simple-blocks";
import type { BlockOf, BlockRenderer } from "./types";

export type { H5Context } from "./links";
export { linkHref, shopHref } from "./links";

export const H5_RENDERERS: { [T in BlockType]: BlockRenderer<T> } = {
  banner: BannerBlock,
  productGrid: ProductGridBlock,
  productList: ProductListBlock,
  categoryNav: CategoryNavBlock,
  noticeBar: NoticeBarBlock,
  hotspotImage: HotspotImageBlock,
  richText: RichTextBlock,
  video: VideoBlock,
  countdown: CountdownBlock,
  recruitment: RecruitmentBlock,
  spacer: SpacerBlock,
};

function BlockView<T extends BlockType>({ block, data, ctx, eager }: { block: BlockOf<T>; data: BlockData; ctx: H5Context; eager: boolean }) {
  const Render = H5_RENDERERS[block.type] as BlockRenderer<T>;
  return <Render block={block} data={data} ctx={ctx} eager={eager} />;
}

/** A page document's blocks in order, each marked with its type and id (tests, the editor's selection). */
export function PageView({ doc, data, ctx }: { doc: PageDocument; data: BlockData; ctx: H5Context }) {
  return (
    <div data-page-kind={doc.kind} data-page-slug={doc.slug}>
      {doc.blocks.map((block, i) => (
        <div key={block.id} data-block-type={block.type} data-block-id={block.id}>
          <BlockView block={block} data={data} ctx={ctx} eager={i === 0} />
        </div>
      ))}
    </div>
  );
}
