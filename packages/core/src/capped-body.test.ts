import { expect, test } from "vitest";
import { readCapped } from "./capped-body";

/** A chunked body (no length known up front) of `n` chunks of `size` bytes; counts the chunks pulled. */
function chunked(n: number, size: number) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (state.pulled === n) return c.close();
      state.pulled++;
      c.enqueue(new Uint8Array(size).fill(1));
    },
  });
  return { stream, state };
}

test("a body within the cap is read whole; a longer one is cut at the cap without reading the rest", async () => {
  const small = chunked(3, 100);
  expect((await readCapped(small.stream, 300))?.byteLength).toBe(300);
  const big = chunked(1000, 1024);
  expect(await readCapped(big.stream, 10 * 1024)).toBeNull();
  expect(big.state.pulled).toBeLessThan(20);
  expect(await readCapped(null, 10)).toEqual(new Uint8Array(0));
});
