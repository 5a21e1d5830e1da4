import { withTenant } from "@/packages/db/src/context";
import { getMedia } from "@/packages/db/src/queries/media";
import { isUuid } from "@/packages/core/src/errors";
import { getDb } from "@/packages/server/src/db";

export const dynamic = "force-dynamic";

const notFound = () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/**
 * An uploaded picture by tenant id + media id, read under that tenant's RLS
 * context. Media rows are never modified (a new upload is a new id), so the
 * response is cacheable forever.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  if (!isUuid(tenant) || !isUuid(id)) return notFound();
  const m = await withTenant(await getDb(), tenant, (tx) => getMedia(tx, tenant, id));
  if (!m) return notFound();
  return new Response(Buffer.from(m.bytes), {
    headers: {
      "content-type": m.contentType,
      "content-length": String(m.size),
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}
