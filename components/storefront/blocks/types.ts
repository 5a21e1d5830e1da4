import type { Block, BlockData, BlockType } from "@/packages/decoration/src";
import type { H5Context } from "./links";

export type BlockOf<T extends BlockType> = Extract<Block, { type: T }>;

export type BlockRendererProps<T extends BlockType> = {
  block: BlockOf<T>;
  data: BlockData;
  ctx: H5Context;
  /** the page's first block: its pictures load at once, the rest lazily */
  eager: boolean;
};

export type BlockRenderer<T extends BlockType> = (props: BlockRendererProps<T>) => React.ReactNode;
