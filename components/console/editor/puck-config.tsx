"use client";

/**
 * The Puck config of the page editor, built from packages/decoration: one
 * component per block type (BLOCK_TYPES; the test fails when one is missing),
 * a field per prop of the block's schema, defaults from BLOCK_DEFAULTS.
 */
import { useContext } from "react";
import type { ComponentConfig, Config, CustomField, Field, Fields } from "@puckeditor/core";
import { BLOCK_DEFAULTS, BLOCK_TYPES, blockSchemas, PRODUCT_SOURCES, type Block, type BlockLink, type BlockType } from "@/packages/decoration/src";
import { BlockPreview } from "./block-preview";
import { blockProps } from "./document-mapping";
import { CategoriesField, CategoryField, DateTimeField, EditorContext, ImageField, LinkField, ProductsField } from "./fields";

/** A translator of the "editor" namespace (next-intl's, or a stub in tests). */
export type EditorT = (key: string, params?: Record<string, string | number>) => string;

const custom = <V,>(label: string, Render: (p: Parameters<CustomField<V>["render"]>[0]) => React.ReactElement): CustomField<V> => ({ type: "custom", label, render: Render });

function fieldsFor(type: BlockType, t: EditorT): Fields {
  const f = (k: string) => t(`fields.${k}`);
  const yesNo = [
    { label: t("options.yes"), value: true },
    { label: t("options.no"), value: false },
  ];
  const text = (k: string): Field => ({ type: "text", label: f(k) });
  const textarea = (k: string): Field => ({ type: "textarea", label: f(k) });
  const number = (k: string, min: number, max: number, step = 1): Field => ({ type: "number", label: f(k), min, max, step });
  const image = (k: string) => custom<string | null>(f(k), (p) => <ImageField {...p} />);
  const link = () => custom<BlockLink | undefined>(f("link"), (p) => <LinkField {...p} />);
  const products = () => custom<string[]>(f("productIds"), (p) => <ProductsField {...p} />);
  const source = {
    title: text("title"),
    source: { type: "select", label: f("source"), options: PRODUCT_SOURCES.map((s) => ({ label: t(`options.source.${s}`), value: s })) },
    productIds: products(),
    categoryId: custom<string | null>(f("categoryId"), (p) => <CategoryField {...p} />),
    count: number("count", 1, 50),
  } satisfies Fields;
  switch (type) {
    case "banner":
      return {
        slides: {
          type: "array",
          label: f("slides"),
          max: 8,
          arrayFields: { image: image("image"), alt: text("alt"), link: link() },
          defaultItemProps: { image: "", alt: "", link: { kind: "none" } },
          getItemSummary: (_item: unknown, i?: number) => t("slide", { index: (i ?? 0) + 1 }),
        },
        intervalSeconds: number("intervalSeconds", 2, 10),
        aspect: number("aspect", 1, 4, 0.25),
      };
    case "productGrid":
      return { ...source, columns: { type: "select", label: f("columns"), options: [2, 3].map((n) => ({ label: t(`options.columns.${n}`), value: n })) } };
    case "productList":
      return source;
    case "categoryNav":
      return {
        categoryIds: custom<string[]>(f("categoryIds"), (p) => <CategoriesField {...p} />),
        style: { type: "select", label: f("style"), options: (["chips", "icons"] as const).map((s) => ({ label: t(`options.style.${s}`), value: s })) },
      };
    case "noticeBar":
      return { text: text("text"), link: link() };
    case "hotspotImage":
      return {
        image: image("image"),
        alt: text("alt"),
        hotspots: {
          type: "array",
          label: f("hotspots"),
          max: 12,
          arrayFields: { x: number("x", 0, 100), y: number("y", 0, 100), w: number("w", 1, 100), h: number("h", 1, 100), link: link() },
          defaultItemProps: { x: 10, y: 10, w: 30, h: 30, link: { kind: "none" } },
          getItemSummary: (_item: unknown, i?: number) => t("hotspot", { index: (i ?? 0) + 1 }),
        },
      };
    case "richText":
      return { html: textarea("html") };
    case "video":
      return { src: image("src"), poster: image("poster"), link: link(), title: text("title") };
    case "countdown":
      return { title: text("title"), endsAt: custom<string>(f("endsAt"), (p) => <DateTimeField {...p} />), productIds: products() };
    case "recruitment":
      return { headline: text("headline"), body: textarea("body"), buttonLabel: text("buttonLabel"), showRates: { type: "radio", label: f("showRates"), options: yesNo } };
    case "spacer":
      return { height: number("height", 4, 120), divider: { type: "radio", label: f("divider"), options: yesNo } };
  }
}

/** Product blocks show only the fields of the chosen source. */
function productSourceVisibility(data: { props: Record<string, unknown> }, fields: Fields): Fields {
  const s = data.props.source;
  const vis = (k: string, visible: boolean) => ({ ...(fields[k] as Field), visible });
  return { ...fields, productIds: vis("productIds", s === "manual"), categoryId: vis("categoryId", s === "category"), count: vis("count", s !== "manual") };
}

/** The canvas: the block as the shop will show it, outlined while it has problems. */
function CanvasBlock({ type, props }: { type: BlockType; props: Record<string, unknown> }) {
  const { data, ctx, issues } = useContext(EditorContext);
  const id = String(props.id);
  const raw = { ...(BLOCK_DEFAULTS[type] as Record<string, unknown>), ...blockProps(props) };
  const parsed = blockSchemas[type].safeParse(raw);
  const block = { id, type, props: parsed.success ? parsed.data : raw } as Block;
  const bad = Boolean(issues[id] && Object.keys(issues[id]!).length);
  return (
    <div className={bad ? "outline outline-2 -outline-offset-2 outline-red-500" : undefined} data-testid="canvas-block" data-block-type={type} data-invalid={bad || undefined}>
      <BlockPreview block={block} data={data} ctx={ctx} />
    </div>
  );
}

export const PALETTE: Record<string, BlockType[]> = {
  products: ["productGrid", "productList", "countdown", "categoryNav"],
  media: ["banner", "hotspotImage", "video"],
  content: ["noticeBar", "richText", "recruitment"],
  layout: ["spacer"],
};

export function buildConfig(t: EditorT, opts: { rootRender?: ComponentConfig["render"] } = {}): Config {
  const components = Object.fromEntries(
    BLOCK_TYPES.map((type) => {
      const component: ComponentConfig = {
        label: t(`blocks.${type}`),
        fields: fieldsFor(type, t),
        defaultProps: structuredClone(BLOCK_DEFAULTS[type]) as Record<string, unknown>,
        render: (props) => <CanvasBlock type={type} props={props as Record<string, unknown>} />,
        ...(type === "productGrid" || type === "productList" ? { resolveFields: (data, { fields }) => productSourceVisibility(data as { props: Record<string, unknown> }, fields as Fields) } : {}),
      };
      return [type, component];
    }),
  );
  return {
    components,
    categories: Object.fromEntries(Object.entries(PALETTE).map(([k, types]) => [k, { title: t(`categories.${k}`), components: types, defaultExpanded: true }])),
    root: {
      fields: { title: { type: "text", label: t("root.title") } },
      defaultProps: { title: "" },
      ...(opts.rootRender ? { render: opts.rootRender } : {}),
    },
  } as Config;
}
