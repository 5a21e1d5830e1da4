import { z } from "zod";
import {
  bulkEditInput,
  createCategoryInput,
  deleteCategoryInput,
  importCsvInput,
  listProductsInput,
  productInput,
  productUpdateInput,
  renameCategoryInput,
  reorderCategoriesInput,
  setStatusInput,
} from "../../../catalog/src/schemas";
import { AppError } from "../../../core/src/errors";
import {
  bulkEditProducts,
  createCategory,
  deleteCategory,
  getProduct,
  importProductsCsv,
  listCategoriesAdmin,
  listProducts,
  renameCategory,
  reorderCategories,
  saveProduct,
  setProductStatus,
} from "../../../db/src/queries/products-admin";
import { storeImage } from "../../../db/src/queries/media";
import { router, storefrontWriteWith, tenantProcedure } from "../trpc";

const write = storefrontWriteWith("catalog.write");

/** The merchant's product management: reads for every member, writes need catalog.write. */
export const productsRouter = router({
  list: tenantProcedure.input(listProductsInput).query(({ ctx, input }) => listProducts(ctx.tx, ctx.tenant.id, input)),
  get: tenantProcedure.input(z.object({ id: z.uuid({ error: "notFound" }) })).query(async ({ ctx, input }) => {
    const p = await getProduct(ctx.tx, ctx.tenant.id, input.id);
    if (!p) throw new AppError("NOT_FOUND", "notFound");
    return p;
  }),
  create: write.input(productInput).mutation(({ ctx, input }) => saveProduct(ctx.tx, ctx.tenant.id, ctx.user.id, input, null)),
  update: write.input(productUpdateInput).mutation(({ ctx, input: { id, ...input } }) => saveProduct(ctx.tx, ctx.tenant.id, ctx.user.id, input, id)),
  setStatus: write.input(setStatusInput).mutation(({ ctx, input }) => setProductStatus(ctx.tx, ctx.tenant.id, ctx.user.id, input.ids, input.status)),
  bulkEdit: write.input(bulkEditInput).mutation(({ ctx, input }) => bulkEditProducts(ctx.tx, ctx.tenant.id, ctx.user.id, input)),
  importCsv: write.input(importCsvInput).mutation(({ ctx, input }) => importProductsCsv(ctx.tx, ctx.tenant.id, ctx.user.id, input.csv)),
  /**
   * Bytes of an uploaded picture. Called by the upload route handler through
   * the server-side caller (binary input does not travel over the JSON link).
   */
  uploadMedia: write
    .input(z.object({ bytes: z.instanceof(Uint8Array, { error: "product.imageEmpty" }) }))
    .mutation(({ ctx, input }) => storeImage(ctx.tx, ctx.tenant.id, ctx.user.id, input.bytes)),
  categories: router({
    list: tenantProcedure.query(({ ctx }) => listCategoriesAdmin(ctx.tx, ctx.tenant.id)),
    create: write.input(createCategoryInput).mutation(({ ctx, input }) => createCategory(ctx.tx, ctx.tenant.id, ctx.user.id, input.name)),
    rename: write.input(renameCategoryInput).mutation(({ ctx, input }) => renameCategory(ctx.tx, ctx.tenant.id, ctx.user.id, input.id, input.name)),
    delete: write.input(deleteCategoryInput).mutation(async ({ ctx, input }) => {
      await deleteCategory(ctx.tx, ctx.tenant.id, ctx.user.id, input.id);
      return { ok: true as const };
    }),
    reorder: write.input(reorderCategoriesInput).mutation(({ ctx, input }) => reorderCategories(ctx.tx, ctx.tenant.id, ctx.user.id, input.ids)),
  }),
});
