import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { CategoryManager } from "@/components/console/products/category-manager";
import { consoleFrame } from "@/lib/console";
import { can } from "@/packages/tenancy/src/roles";

export default async function CategoriesPage() {
  const { active, caller } = await consoleFrame("/console/products/categories");
  if (!active) redirect("/console");
  const [{ role }, categories] = await Promise.all([caller.tenant.current(), caller.products.categories.list()]);
  const t = await getTranslations("products");
  return (
    <div>
      <Breadcrumbs items={[{ label: t("title"), href: "/console/products" }, { label: t("manageCategories") }]} />
      <h1 className="mb-4 text-2xl font-bold">{t("manageCategories")}</h1>
      <CategoryManager key={categories.map((c) => `${c.id}:${c.name}`).join(",")} categories={categories} canEdit={can(role, "catalog.write")} />
    </div>
  );
}
