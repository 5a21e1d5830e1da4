import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { AppError } from "../../core/src/errors";
import type { IdentityProvider } from "../../auth/src/identity";
import { simulatorRuntime } from "../../payments/src/simulator";
import type { PaymentsRuntime } from "../../payments/src/types";
import type { Db, Tx } from "../../db/src/client";
import { setContext, withContext, type DbContext, type EnteredStorefront } from "../../db/src/context";
import { accessToTenant, getTenant, type TenantRow } from "../../db/src/queries/tenants";
import { myAgency } from "../../db/src/queries/agency";
import type { users } from "../../db/src/schema";
import { translateError, type Locale } from "../../i18n/src";
import { messageParams } from "../../i18n/src/params";
import { assertCan, type Permission, type Role } from "../../tenancy/src/roles";
import type { DomainCheck } from "../../tenancy/src/domain-verification";
import type { MiniprogramRuntime } from "../../server/src/wechat-mp";
import type { WechatPayDeps } from "../../server/src/wechatpay-checkout";
import type { PayoutsRuntime } from "../../server/src/payouts";
import type { LivePageCache } from "../../server/src/live-pages";

export type User = typeof users.$inferSelect;

/** What every request brings; the procedure builders narrow it. */
export type Context = {
  db: Db;
  user: User | null;
  locale: Locale;
  /** The console's active tenant (cookie); checked against access on every call. */
  activeTenantId?: string | null;
  /**
   * Resolves the console's active tenant when a tenant procedure first needs
   * it (the app's request context), so storefront and public calls never pay
   * for the lookup. Ignored when activeTenantId is given.
   */
  activeTenant?: () => Promise<string | null>;
  /** Clerk when configured: tenants become Clerk organizations. */
  identity?: IdentityProvider | null;
  /** Payment providers (Stripe when configured, else the simulator). */
  payments?: PaymentsRuntime;
  /** Checks a custom domain's proof of control (packages/server/src/domain-check.ts; a fake in tests). */
  domainCheck?: DomainCheck;
  /** A tenant's storefront changed (catalogue, settings): the app drops its cached renders. */
  storefrontChanged?: (tenantId: string) => void;
  /** Where the app keeps the mini-program's live-release reads (packages/server/src/live-pages.ts); absent: read every time. */
  livePages?: LivePageCache;
  /**
   * The mini-program's shopper (a verified `Authorization: Bearer` token,
   * packages/auth/src/miniprogram-token.ts). Deliberately not `user`: every
   * builder but shopperProcedure sees nobody signed in, and shopperProcedure
   * accepts it for the token's own shop only.
   */
  miniprogramShopper?: MiniprogramShopper | null;
  /** A bearer token came and was refused (tampered, expired, revoked): shop procedures say so. */
  bearerRefused?: boolean;
  /** WeChat for the mini-program codes (getwxacodeunlimit); absent or without a port: the H5 QR. */
  miniprogram?: MiniprogramRuntime;
  /** WeChat Pay for mini-program checkouts: the provider and the payer's openid port (the mini-program session). */
  wechatPay?: WechatPayDeps;
  /** Payout providers for withdrawals (WeChat Pay merchant transfer, Stripe Connect) and distributors' Stripe onboarding; absent: manual only. */
  payouts?: PayoutsRuntime;
};

/** Who a mini-program bearer token signs in, and for which shop (tenant) and WeChat app. */
export type MiniprogramShopper = { tenantId: string; appId: string; user: User };


/** Work to do once the procedure's transaction has committed (e.g. call a payment provider). */
export type AfterCommit = (fn: (db: Db) => Promise<unknown>) => void;

type FieldErrors = Record<string, string>;

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx, input }) {
    const locale = ctx?.locale ?? "zh-CN";
    const cause = error.cause;
    let message = shape.message;
    let key: string | null = null;
    let fieldErrors: FieldErrors | null = null;
    if (cause instanceof AppError) {
      key = cause.key;
      message = translateError(locale, cause.key, cause.params);
      if (cause.field) fieldErrors = { [cause.field]: message };
    } else if (cause instanceof ZodError) {
      key = "invalid";
      fieldErrors = {};
      for (const issue of cause.issues) {
        const field = issue.path.join(".") || "_";
        const value = (input as Record<string, unknown> | undefined)?.[String(issue.path[0])];
        fieldErrors[field] ??= translateError(locale, issue.message, messageParams(value));
      }
      message = Object.values(fieldErrors)[0] ?? translateError(locale, "invalid");
    } else if (error.code === "INTERNAL_SERVER_ERROR") {
      message = translateError(locale, "generic");
    } else if (error.code === "NOT_FOUND" || error.code === "FORBIDDEN" || error.code === "UNAUTHORIZED") {
      key = error.message;
      message = translateError(locale, error.message);
    }
    return { ...shape, message, data: { ...shape.data, stack: undefined, key, fieldErrors } };
  },
});

/** AppError → TRPCError with the same code; the formatter translates it. */
const errors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    return { ...result, error: new TRPCError({ code: cause.code, message: cause.key, cause }) } as typeof result;
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

class Rollback extends Error {}

/**
 * Runs the rest of the procedure inside one transaction with the given RLS
 * context; an error result rolls it back, so a failed multi-step write
 * leaves nothing behind.
 */
async function inTransaction<R extends { ok: boolean }>(db: Db, context: DbContext, run: (tx: Tx, shop: EnteredStorefront | null) => Promise<R>): Promise<R> {
  let result: R | undefined;
  try {
    await withContext(db, context, async (tx, shop) => {
      result = await run(tx, shop);
      if (!result.ok) throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return result!;
}

/** Anyone. Public reads go through the app_private lookups or a tenant context they set themselves. */
export const publicProcedure = t.procedure.use(errors);

/**
 * Runs effects registered with ctx.afterCommit once the transaction has
 * committed; a failing effect is logged, not rethrown (the work it does is
 * retried by the scheduled jobs, e.g. stuck refunds).
 */
async function withAfterCommit<R extends { ok: boolean }>(db: Db, run: (afterCommit: AfterCommit) => Promise<R>): Promise<R> {
  const effects: ((db: Db) => Promise<unknown>)[] = [];
  const result = await run((fn) => effects.push(fn));
  if (result.ok) {
    for (const fn of effects) {
      try {
        await fn(db);
      } catch (e) {
        console.error("after-commit effect failed", e);
      }
    }
  }
  return result;
}

/**
 * The signed-in user's transaction for the whole procedure (app.user_id set,
 * plus `more` of the context), with after-commit effects and the payments
 * runtime: what signed-in procedures hand on in ctx.
 */
function asSignedIn<R extends { ok: boolean }>(
  ctx: Context,
  more: Omit<DbContext, "userId">,
  run: (c: { user: User; tx: Tx; afterCommit: AfterCommit; payments: PaymentsRuntime }, shop: EnteredStorefront | null) => Promise<R>,
): Promise<R> {
  const user = ctx.user;
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "unauthorized" });
  const payments = ctx.payments ?? simulatorRuntime();
  return withAfterCommit(ctx.db, (afterCommit) => inTransaction(ctx.db, { ...more, userId: user.id }, (tx, shop) => run({ user, tx, afterCommit, payments }, shop)));
}

/** A signed-in user; ctx.tx runs with app.user_id set (one transaction for the whole procedure). */
const signedIn = t.middleware(({ ctx, next }) => asSignedIn(ctx, {}, (c) => next({ ctx: c })));

export const authedProcedure = publicProcedure.use(signedIn);

export type Storefront = EnteredStorefront;

/**
 * A signed-in shopper in a storefront. The input carries `shop` (its slug or
 * custom host); the statement that opens the transaction resolves it and
 * makes it the transaction's tenant (bound parameter) along with the role and
 * the user, so everything the shopper touches is confined to that storefront,
 * and queries add the buyer's own id. An unknown or closed shop is NOT_FOUND.
 */
export const shopperProcedure = publicProcedure.use(async ({ ctx, next, getRawInput }) => {
  // The mini-program's bearer token is this builder's alone (STYLE.md): a session user, or else the token's shopper.
  const viaToken = ctx.user ? null : (ctx.miniprogramShopper ?? null);
  const user = ctx.user ?? viaToken?.user ?? null;
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.bearerRefused ? "miniprogram.tokenInvalid" : "unauthorized" });
  const raw = (await getRawInput()) as { shop?: unknown } | undefined;
  const key = typeof raw?.shop === "string" && raw.shop ? raw.shop : null;
  if (!key) throw new TRPCError({ code: "NOT_FOUND", message: "notFound" });
  return asSignedIn({ ...ctx, user }, { storefront: key }, (c, shop) => {
    if (!shop || shop.status !== "active") throw new TRPCError({ code: "NOT_FOUND", message: "notFound" });
    // A token of shop A is nobody in shop B (the whole transaction rolls back).
    if (viaToken && viaToken.tenantId !== shop.id) throw new TRPCError({ code: "UNAUTHORIZED", message: "miniprogram.otherShop" });
    return next({ ctx: { ...c, shop, viaMiniprogram: viaToken !== null } });
  });
});

export type TenantCtx = { tenant: TenantRow; role: Role; via: "member" | "agency" };

/**
 * A member of the active tenant (or staff of its agency). The transaction's
 * app.tenant_id is that tenant, so every query is confined to it by RLS; ids
 * of another tenant simply are not found.
 */
export const tenantProcedure = publicProcedure
  // The active tenant is resolved before the transaction opens (its lookup is a
  // transaction of its own, and the embedded database has one connection).
  .use(async ({ ctx, next }) =>
    next({ ctx: { activeTenantId: ctx.activeTenantId !== undefined ? ctx.activeTenantId : ((await ctx.activeTenant?.()) ?? null) } }),
  )
  .use(signedIn)
  .use(async ({ ctx, next }) => {
    const tenantId = ctx.activeTenantId;
    if (!tenantId) throw new TRPCError({ code: "NOT_FOUND", message: "notFound" });
    const access = await accessToTenant(ctx.tx, ctx.user.id, tenantId);
    if (!access) throw new TRPCError({ code: "NOT_FOUND", message: "notFound" });
    await setContext(ctx.tx, { userId: ctx.user.id, tenantId });
    const tenant = await getTenant(ctx.tx, tenantId);
    if (!tenant) throw new TRPCError({ code: "NOT_FOUND", message: "notFound" });
    return next({ ctx: { tenant, role: access.role, via: access.via } satisfies TenantCtx });
  });

/**
 * A tenant write shoppers see (the catalogue, the shop's name and theme): its
 * storefront's cached renders are dropped once the transaction commits.
 */
export function storefrontWriteWith(permission: Permission) {
  return tenantProcedureWith(permission).use(({ ctx, next }) => {
    const tenantId = ctx.tenant.id;
    ctx.afterCommit(async () => ctx.storefrontChanged?.(tenantId));
    return next();
  });
}

/** A tenant member whose role holds `permission` (PRODUCT.md §2.2). */
export function tenantProcedureWith(permission: Permission) {
  return tenantProcedure.use(({ ctx, next }) => {
    assertCan(ctx.role, permission);
    return next();
  });
}

/** Staff of an agency: ctx.agency. */
export const agencyProcedure = authedProcedure.use(async ({ ctx, next }) => {
  const agency = await myAgency(ctx.tx, ctx.user.id);
  if (!agency) throw new TRPCError({ code: "FORBIDDEN", message: "agency.required" });
  return next({ ctx: { agency } });
});

/** A platform operator. */
export const platformProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isPlatformOperator) throw new TRPCError({ code: "FORBIDDEN", message: "platform.required" });
  return next();
});
