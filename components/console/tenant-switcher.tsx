"use client";

import { useTranslations } from "next-intl";
import { useRef } from "react";
import { switchTenant } from "@/app/_actions/session";
import { Select } from "@/components/ui/form";

/** Agency staff and multi-shop users switch the console's tenant without signing in again. */
export function TenantSwitcher({ tenants, activeId }: { tenants: { id: string; name: string; slug: string }[]; activeId: string }) {
  const t = useTranslations("console");
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} action={switchTenant} className="min-w-0">
      <label className="sr-only" htmlFor="tenant-switcher">
        {t("tenantSwitcher")}
      </label>
      <Select
        id="tenant-switcher"
        name="tenantId"
        data-testid="tenant-switcher"
        defaultValue={activeId}
        onChange={() => form.current?.requestSubmit()}
        className="h-8 max-w-56 truncate"
      >
        {tenants.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name} ({x.slug})
          </option>
        ))}
      </Select>
    </form>
  );
}
