/**
 * A valid block of every type with the data it shows, for the mini-program
 * component tests (the mapped type fails to compile when a type is missing).
 */
import type { BlockData, BlockType } from "../../decoration/src";

export const API = "https://api.example.test";
const T = "0b7f5f34-6a1c-4d2e-9a51-1f2a3b4c5d6e";
export const img = (n: number) => `/api/media/${T}/${String(n).padStart(8, "0")}-0000-4000-8000-000000000000`;
export const P1 = "11111111-1111-4111-8111-111111111111";
export const P2 = "22222222-2222-4222-8222-222222222222";
export const C1 = "33333333-3333-4333-8333-333333333333";
export const NOW = Date.parse("2026-06-01T00:00:00Z");

export const DATA: BlockData = {
  products: {
    grid: [
      { id: P1, name: "明前龙井", image: img(1), minPriceFen: 12800, soldOut: false },
      { id: P2, name: "大红袍", image: null, minPriceFen: 9900, soldOut: true },
    ],
    list: [{ id: P2, name: "大红袍", image: img(2), minPriceFen: 9900, soldOut: false }],
    sale: [{ id: P1, name: "明前龙井", image: img(1), minPriceFen: 12800, soldOut: false }],
  },
  categories: [{ id: C1, name: "绿茶", image: null }],
  pages: { "new-season": "春茶上新" },
  recruitment: { level1Bp: 1250, level2Bp: 500 },
};

/** What a shopper sees in a rendered block: its text, its pictures' src, its links' url. */
export type Seen = { text: string; images: string[]; links: string[]; html: string };
export type Fixture = { id: string; props: Record<string, unknown>; sees: (s: Seen) => void };
export type Fixtures = { [K in BlockType]: Fixture[] };
