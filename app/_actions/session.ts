"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { localSignInAllowed } from "@/packages/auth/src/config";
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSession } from "@/packages/auth/src/session";
import { withContext } from "@/packages/db/src/context";
import { accessToTenant } from "@/packages/db/src/queries/tenants";
import { createLocalUser, listLocalUsers } from "@/packages/db/src/queries/users";
import { LOCALE_COOKIE, toLocale } from "@/packages/i18n/src";
import { localUserInput } from "@/packages/tenancy/src/schemas";
import { hitRateLimit } from "@/packages/db/src/queries/rate-limits";
import { AppError } from "@/packages/core/src/errors";
import { translateError } from "@/packages/i18n/src";
import { getCurrentUser } from "@/packages/server/src/auth";
import { getDb } from "@/packages/server/src/db";
import { sessionSecret } from "@/packages/server/src/secret";
import { ACTIVE_TENANT_COOKIE } from "@/packages/server/src/tenant";
import { landingAfterSignIn, safeNextPath } from "@/packages/auth/src/next-path";
import { myTenants } from "@/packages/db/src/queries/tenants";
import { getSelf } from "@/packages/db/src/queries/users";
import { applyReferralCookie } from "@/packages/server/src/referral";

const secure = process.env.NODE_ENV === "production" && process.env.INSECURE_COOKIES !== "1";

async function startSession(userId: string) {
  (await cookies()).set(SESSION_COOKIE, signSession(sessionSecret(), userId), {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
}

const safeNext = (next: FormDataEntryValue | null): string => safeNextPath(next);

/** Counts a sign-in from the client's address (the first proxy hop's x-forwarded-for, else "direct"); throws TOO_MANY_REQUESTS past the limit. */
async function countSignIn() {
  const h = await headers();
  const ip = (h.get("x-forwarded-for")?.split(",")[0] ?? h.get("x-real-ip") ?? "direct").trim().slice(0, 64) || "direct";
  await withContext(await getDb(), {}, (tx) => hitRateLimit(tx, "signIn", [ip]));
}

/**
 * Where a user who just signed in goes (landingAfterSignIn): the `next` they
 * came with, else /platform, /console or the home page by who they are.
 * Not exported: a "use server" export is callable from any browser.
 */
async function landingFor(userId: string, next: FormDataEntryValue | null | undefined): Promise<string> {
  if (safeNextPath(next, "")) return safeNextPath(next);
  const who = await withContext(await getDb(), { userId }, async (tx) => {
    const self = await getSelf(tx);
    return { isPlatformOperator: self?.isPlatformOperator ?? false, tenantCount: (await myTenants(tx, userId)).length };
  });
  return landingAfterSignIn({ next, ...who });
}

/** Local sign-in: pick a listed user. Refused when local sign-in is not allowed. */
export async function signInAs(formData: FormData) {
  if (!localSignInAllowed()) throw new Error("Local sign-in is disabled");
  const userId = String(formData.get("userId") ?? "");
  await countSignIn();
  const db = await getDb();
  const users = await withContext(db, {}, (tx) => listLocalUsers(tx));
  if (!users.some((u) => u.id === userId)) throw new Error("Unknown user");
  await startSession(userId);
  await applyReferralCookie(userId, safeNext(formData.get("next")));
  redirect(await landingFor(userId, formData.get("next")));
}

export type CreateUserState = { fields: Record<string, string>; message: string | null };

export async function createUserAndSignIn(_prev: CreateUserState, formData: FormData): Promise<CreateUserState> {
  if (!localSignInAllowed()) return { fields: {}, message: "Local sign-in is disabled" };
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  const parsed = localUserInput.safeParse({ name: formData.get("name"), email: formData.get("email") });
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[String(i.path[0])] ??= translateError(locale, i.message);
    return { fields, message: null };
  }
  let id: string;
  try {
    await countSignIn();
    id = (await createLocalUser(await getDb(), parsed.data)).id;
  } catch (e) {
    if (e instanceof AppError) return { fields: e.field ? { [e.field]: translateError(locale, e.key) } : {}, message: translateError(locale, e.key) };
    throw e;
  }
  await startSession(id);
  await applyReferralCookie(id, safeNext(formData.get("next")));
  redirect(await landingFor(id, formData.get("next") || "/onboarding"));
}

/** Signs out; a storefront passes `next` so the shopper stays in the shop. */
export async function signOut(formData?: FormData) {
  const jar = await cookies();
  jar.delete(SESSION_COOKIE);
  jar.delete(ACTIVE_TENANT_COOKIE);
  const next = formData?.get("next");
  redirect(next ? safeNext(next) : "/");
}

export async function setLocale(locale: string) {
  (await cookies()).set(LOCALE_COOKIE, toLocale(locale), { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
}

/** Agency staff and multi-shop owners switch tenants without signing in again. */
export async function switchTenant(formData: FormData) {
  const tenantId = String(formData.get("tenantId") ?? "");
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  const ok = await withContext(await getDb(), { userId: user.id }, (tx) => accessToTenant(tx, user.id, tenantId));
  if (!ok) redirect("/console"); // a stale or foreign id: back to a tenant the user can enter
  (await cookies()).set(ACTIVE_TENANT_COOKIE, tenantId, { httpOnly: true, sameSite: "lax", secure, path: "/" });
  redirect(typeof formData.get("next") === "string" ? safeNext(formData.get("next")) : "/console");
}
