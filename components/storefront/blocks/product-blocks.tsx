import { cn } from "@/lib/cn";
import { BlockTitle, ProductRow, ProductTile } from "./product-tiles";
import type { BlockRendererProps } from "./types";

/** Products in 2 or 3 columns (an empty source shows nothing: a shopper never sees an empty frame). */
export function ProductGridBlock({ block, data, ctx }: BlockRendererProps<"productGrid">) {
  const items = data.products[block.id] ?? [];
  if (!items.length) return null;
  const { title, columns } = block.props;
  return (
    <section className="py-2">
      {title ? <BlockTitle>{title}</BlockTitle> : null}
      <ul className={cn("grid gap-3 px-3", columns === 3 ? "grid-cols-3 gap-2" : "grid-cols-2")}>
        {items.map((p) => (
          <ProductTile key={p.id} p={p} ctx={ctx} compact={columns === 3} />
        ))}
      </ul>
    </section>
  );
}

export function ProductListBlock({ block, data, ctx }: BlockRendererProps<"productList">) {
  const items = data.products[block.id] ?? [];
  if (!items.length) return null;
  return (
    <section className="py-2">
      {block.props.title ? <BlockTitle>{block.props.title}</BlockTitle> : null}
      <ul className="space-y-2 px-3">
        {items.map((p) => (
          <ProductRow key={p.id} p={p} ctx={ctx} />
        ))}
      </ul>
    </section>
  );
}
