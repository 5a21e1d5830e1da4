import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { ProductForm } from "@/components/console/products/product-form";
import { consoleFrame } from "@/lib/console";
import { codeBaseOf, mergeSkus, newCodeBase } from "@/packages/catalog/src/specs";
import { isUuid } from "@/packages/core/src/errors";
import { fenToYuan } from "@/packages/core/src/yuan";
import { can } from "@/packages/tenancy/src/roles";

export default async function EditProductPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> }) {
  const { id } = await params;
  const { created } = await searchParams;
  const { active, caller } = await consoleFrame(`/console/products/${id}`);
  if (!active) redirect("/console");
  if (!isUuid(id)) notFound();
  const [{ role }, categories, product] = await Promise.all([caller.tenant.current(), caller.products.categories.list(), caller.products.get({ id }).catch(() => null)]);
  if (!product) notFound();
  const t = await getTranslations("products");
  const base = codeBaseOf(product.skus.map((s) => s.code)) ?? newCodeBase();
  return (
    <div>
      <Breadcrumbs items={[{ label: t("title"), href: "/console/products" }, { label: product.name }]} />
      <h1 className="mb-4 text-2xl font-bold">{t("edit")}</h1>
      {created ? (
        <p className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800" role="status" data-testid="product-created">
          {t("created")}
        </p>
      ) : null}
      <ProductForm
        key={product.id}
        canEdit={can(role, "catalog.write")}
        codeBase={base}
        categories={categories}
        initial={{
          id: product.id,
          status: product.status,
          name: product.name,
          subtitle: product.subtitle,
          description: product.description,
          categoryId: product.categoryId ?? "",
          images: product.images,
          specs: product.specs,
          skus: mergeSkus(product.specs, product.skus.map((s) => ({ spec: s.spec, price: fenToYuan(s.priceFen), cost: fenToYuan(s.costFen), stock: String(s.stock), code: s.code, loadedStock: s.stock })), product.specs, base),
        }}
      />
    </div>
  );
}
