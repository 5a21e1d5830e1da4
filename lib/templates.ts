import { loadTemplates } from "@/packages/templates/src";
import type { TemplateOption } from "@/components/console/create-tenant-form";

export function templateOptions(): TemplateOption[] {
  return [...loadTemplates().values()].map((t) => ({
    key: t.key,
    name: t.name,
    description: t.description,
    primary: t.theme.primary,
    products: t.products.length,
    samples: t.products.slice(0, 3).map((p) => p.name.split(" ")[0]).join(" · "),
  }));
}
