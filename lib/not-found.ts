import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";

/** A procedure's NOT_FOUND (a missing, foreign or malformed id) as the page's 404; other errors go on. */
export async function orNotFound<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}
