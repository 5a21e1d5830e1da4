/**
 * The options of one block's custom component: properties `block` (the
 * release's block), `blockData` (BlockData) and `env` (BlockEnv); `view` is
 * recomputed from them by BLOCK_VIEWS. One function, eleven components: each
 * components/block-x/index.ts is `Component(blockComponent("x"))`.
 */
import type { BlockType } from "../../../decoration/src";
import { blockView, type BlockEnv } from "./blocks";

export const DEFAULT_ENV: BlockEnv = { apiBase: "", locale: "zh-CN", now: 0 };

type Self = { data: Record<string, unknown>; setData(d: Record<string, unknown>): void; _timer?: ReturnType<typeof setInterval> };

function refresh(self: Self, now?: number) {
  const env = { ...DEFAULT_ENV, ...((self.data.env as BlockEnv | null) ?? {}) };
  if (now !== undefined || !env.now) env.now = now ?? Date.now();
  const block = self.data.block as { type?: string } | null;
  const view = block ? blockView(block as never, self.data.blockData as never, env) : null;
  // A tick re-sends only what a tick changes (the clock), not the block's products; an ended countdown stops ticking.
  const clock = view as { parts?: unknown; ended?: boolean } | null;
  if (now !== undefined && clock && "parts" in clock) {
    self.setData({ "view.parts": clock.parts, "view.ended": clock.ended });
    if (clock.ended && self._timer) {
      clearInterval(self._timer);
      self._timer = undefined;
    }
    return;
  }
  self.setData({ view });
}

export function blockComponent(type: BlockType, opts: { tickMs?: number } = {}) {
  return {
    options: { addGlobalClass: true },
    properties: {
      block: { type: Object, value: null },
      blockData: { type: Object, value: null },
      env: { type: Object, value: null },
    },
    data: { view: null as unknown, blockType: type },
    observers: {
      "block, blockData, env"(this: Self) {
        refresh(this);
      },
    },
    lifetimes: {
      attached(this: Self) {
        refresh(this);
        // The countdown ticks on the phone's clock (the server's `now` only seeds the first paint).
        if (opts.tickMs) this._timer = setInterval(() => refresh(this, Date.now()), opts.tickMs);
      },
      detached(this: Self) {
        if (this._timer) clearInterval(this._timer);
      },
    },
  };
}
