import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql, type SQL } from "drizzle-orm";
import superjson from "superjson";
import { expect } from "vitest";
import { AppError } from "../../core/src/errors";
import { rowsOf, type Db } from "../../db/src/client";
import { withContext } from "../../db/src/context";
import { getSelf } from "../../db/src/queries/users";
import { appRouter } from "../src/root";
import type { Context, User } from "../src/trpc";

/** Reads as the owner role (outside withContext, not subject to app_user policies): the truth a test checks against. */
export const truthOf =
  (db: Db) =>
  async <T>(q: SQL): Promise<T[]> =>
    rowsOf<T>(await db.execute(q));

export async function loadUser(db: Db, userId: string): Promise<User> {
  const u = await withContext(db, { userId }, (tx) => getSelf(tx));
  if (!u) throw new Error(`user ${userId} not found`);
  return u;
}

export async function userIdByEmail(db: Db, email: string): Promise<string> {
  const [r] = rowsOf<{ id: string }>(await db.execute(sql`select id::text as id from users where email = ${email}`));
  if (!r) throw new Error(`no user ${email}`);
  return r.id;
}

/** A count(*)::int as n query's n. */
export const countOf = (db: Db) => async (q: SQL) => Number(rowsOf<{ n: number | string }>(await db.execute(q))[0]!.n);

/** The rejection of `p`, which must be a TRPCError. */
export async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TRPCError);
    return e as TRPCError;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
export const keyOf = (e: TRPCError) => (e.cause instanceof AppError ? e.cause.key : e.message);

export type HttpError = { status: number; message: string; code: string; key: string | null; fieldErrors: Record<string, string> | null; raw: string };

/** One failing call over HTTP (fetch adapter), so that the errorFormatter localizes the error. */
export async function httpError(ctx: Context, path: string, input: unknown, kind: "mutation" | "query" = "mutation"): Promise<HttpError> {
  const body = JSON.stringify(superjson.serialize(input));
  const req =
    kind === "mutation"
      ? new Request(`http://x/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body })
      : new Request(`http://x/api/trpc/${path}?input=${encodeURIComponent(body)}`);
  const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => ctx });
  const raw = await res.text();
  const parsed = JSON.parse(raw) as { error?: { json: { message: string; data: { code: string; key: string | null; fieldErrors: Record<string, string> | null } } } };
  if (!parsed.error) throw new Error(`expected an error response, got ${res.status}: ${raw}`);
  const e = parsed.error.json;
  return { status: res.status, message: e.message, code: e.data.code, key: e.data.key, fieldErrors: e.data.fieldErrors, raw };
}
