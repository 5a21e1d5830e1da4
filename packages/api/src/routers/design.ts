import { z } from "zod";
import { createLandingPage, deletePage, getDesign, listReleases, publish, rollback, saveTheme, savePage } from "../../../db/src/queries/design";
import { blockData } from "../../../db/src/queries/block-data";
import { draftContent } from "../../../db/src/queries/design";
import { signPreviewToken } from "../../../server/src/preview-token";
import { router, storefrontWriteWith, tenantProcedure, tenantProcedureWith } from "../trpc";

/** Drafts are the console's own: a save changes nothing shoppers see, so no cache drop. */
const draftWrite = tenantProcedureWith("decoration.write");
/** Publish and rollback change the storefront: its cached renders are dropped on commit. */
const releaseWrite = storefrontWriteWith("decoration.write");

const id = z.string().uuid({ error: "notFound" });
export const savePageInput = z.object({ id, document: z.unknown() });
export const createPageInput = z.object({ slug: z.string().max(60, { error: "page.slugFormat" }), title: z.string().max(80, { error: "decoration.textTooLong" }).default("") });
export const publishInput = z.object({ note: z.string().max(200, { error: "decoration.textTooLong" }).default("") });
export const rollbackInput = z.object({ version: z.number().int().min(1, { error: "notFound" }) });

/** 店铺装修 (/console/design): reads for every member, writes for operator and above (decoration.write). */
export const designRouter = router({
  get: tenantProcedure.query(({ ctx }) => getDesign(ctx.tx, ctx.tenant.id)),
  /** The drafts with the data their blocks show (the editor's phone preview renders real products). */
  draftPreview: tenantProcedure.query(async ({ ctx }) => {
    const content = await draftContent(ctx.tx, ctx.tenant.id);
    return { content, data: await blockData(ctx.tx, ctx.tenant.id, content.pages) };
  }),
  saveTheme: draftWrite.input(z.unknown()).mutation(({ ctx, input }) => saveTheme(ctx.tx, ctx.tenant.id, ctx.user.id, input)),
  savePage: draftWrite.input(savePageInput).mutation(({ ctx, input }) => savePage(ctx.tx, ctx.tenant.id, ctx.user.id, input.id, input.document)),
  createPage: draftWrite.input(createPageInput).mutation(({ ctx, input }) => createLandingPage(ctx.tx, ctx.tenant.id, ctx.user.id, input)),
  deletePage: draftWrite.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    await deletePage(ctx.tx, ctx.tenant.id, input.id);
    return { ok: true as const };
  }),
  releases: tenantProcedure.query(({ ctx }) => listReleases(ctx.tx, ctx.tenant.id)),
  publish: releaseWrite.input(publishInput).mutation(({ ctx, input }) => publish(ctx.tx, ctx.tenant.id, ctx.user.id, input.note)),
  rollback: releaseWrite.input(rollbackInput).mutation(({ ctx, input }) => rollback(ctx.tx, ctx.tenant.id, ctx.user.id, input.version)),
  /** A signed link to the drafts, valid 24 hours (for a phone: the console shows it as a QR code). */
  previewLink: draftWrite.mutation(({ ctx }) => {
    const { token, expiresAt } = signPreviewToken(ctx.tenant.id);
    return { path: `/s/${ctx.tenant.slug}?preview=${encodeURIComponent(token)}`, token, expiresAt };
  }),
});
