import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { ProductForm } from "@/components/console/products/product-form";
import { consoleFrame } from "@/lib/console";
import { newCodeBase } from "@/packages/catalog/src/specs";
import { can } from "@/packages/tenancy/src/roles";

export default async function NewProductPage() {
  const { active, caller } = await consoleFrame("/console/products/new");
  if (!active) redirect("/console");
  const [{ role }, categories] = await Promise.all([caller.tenant.current(), caller.products.categories.list()]);
  if (!can(role, "catalog.write")) redirect("/console/products");
  const t = await getTranslations("products");
  const codeBase = newCodeBase();
  return (
    <div>
      <Breadcrumbs items={[{ label: t("title"), href: "/console/products" }, { label: t("new") }]} />
      <h1 className="mb-4 text-2xl font-bold">{t("new")}</h1>
      <ProductForm
        canEdit
        codeBase={codeBase}
        categories={categories}
        initial={{ id: null, status: "draft", name: "", subtitle: "", description: "", categoryId: "", images: [], specs: [], skus: [{ spec: [], price: "", cost: "", stock: "", code: `${codeBase}-01` }] }}
      />
    </div>
  );
}
