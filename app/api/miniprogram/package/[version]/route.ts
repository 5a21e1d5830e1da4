import path from "node:path";
import { cookies } from "next/headers";
import { api } from "@/packages/server/src/api";
import { LOCALE_COOKIE, toLocale } from "@/packages/i18n/src";
import { procedureErrorResponse } from "@/lib/route-errors";
import { packageZip } from "@/packages/miniprogram/package/zip";
import { publicOrigin } from "@/app/api/wechat/authorize/shared";

export const dynamic = "force-dynamic";

/** The built template (MINIPROGRAM_TEMPLATE_DIR, default packages/miniprogram/dist/template from npm run miniprogram:build). */
const templateDir = () => path.resolve(/* turbopackIgnore: true */ process.env.MINIPROGRAM_TEMPLATE_DIR || "packages/miniprogram/dist/template");

/** The shop's mini-program package for one release: the template plus its ext.json, as a zip (owner or admin). */
export async function GET(req: Request, { params }: { params: Promise<{ version: string }> }) {
  const version = Number((await params).version);
  if (!Number.isInteger(version) || version <= 0) return new Response("not found", { status: 404 });
  let ext;
  try {
    ext = await (await api()).miniprogram.packageExt({ version, origin: publicOrigin(req) });
  } catch (e) {
    return procedureErrorResponse(e, toLocale((await cookies()).get(LOCALE_COOKIE)?.value));
  }
  let zip: Uint8Array;
  try {
    zip = packageZip(templateDir(), ext);
  } catch (e) {
    return new Response((e as Error).message, { status: 503 });
  }
  return new Response(Buffer.from(zip), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="miniprogram-${ext.ext.slug}-v${version}.zip"`,
      "cache-control": "private, no-store",
    },
  });
}
