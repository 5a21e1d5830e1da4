import { getTranslations } from "next-intl/server";
import { PageSkeleton } from "@/components/ui/skeleton";

export default async function Loading() {
  const c = await getTranslations("common");
  return <PageSkeleton label={c("loading")} />;
}
