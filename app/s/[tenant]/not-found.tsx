import { getTranslations } from "next-intl/server";

export default async function StoreNotFound() {
  const t = await getTranslations("storefront");
  return <main className="p-10 text-center text-slate-600">{t("notFound")}</main>;
}
