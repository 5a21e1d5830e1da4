import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { PageEditorLoader } from "@/components/console/editor/page-editor-loader";
import { ReadOnlyPage } from "@/components/console/editor/read-only-page";
import { consoleFrame } from "@/lib/console";
import { isUuid } from "@/packages/core/src/errors";
import { can } from "@/packages/tenancy/src/roles";

/** The countdown's "now": this request's render time (a dynamic route). */
const renderedAt = () => Date.now();

/** 页面装修: one page's blocks in Puck (operator and above); a viewer sees the draft read-only. */
export default async function DesignPageEditor({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { active, caller } = await consoleFrame(`/console/design/pages/${id}`);
  if (!active) redirect("/console");
  if (!isUuid(id)) notFound();
  const [{ role }, design] = await Promise.all([caller.tenant.current(), caller.design.get()]);
  const page = design.pages.find((p) => p.id === id);
  if (!page) notFound();
  const t = await getTranslations("editor");
  const name = page.title || (page.kind === "landing" ? page.slug : null) || t(`pageKinds.${page.kind}`);
  const landingPages = design.pages.filter((p) => p.kind === "landing" && p.slug).map((p) => ({ slug: p.slug!, title: p.title }));
  const base = `/s/${active.slug}`;
  const editable = can(role, "decoration.write");
  return (
    <div>
      <Breadcrumbs items={[{ label: t("back"), href: "/console/design" }, { label: name }]} />
      <h1 className="mb-3 text-xl font-bold">
        {t("title")} · {name}
      </h1>
      {editable ? (
        <PageEditorLoader key={`${page.id}:${String(page.updatedAt)}`} pageId={page.id} document={page.document} theme={design.theme} landingPages={landingPages} base={base} />
      ) : (
        <ReadOnlyPage document={page.document} theme={design.theme} data={(await caller.design.draftPreview()).data} base={base} now={renderedAt()} />
      )}
    </div>
  );
}
