"use client";

import { useMutation } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { useTRPC } from "@/components/trpc";

const CODE = /^[A-Za-z0-9]{4,32}$/;
const seen = new Set<string>();

/**
 * A shopper opened a storefront page with ?ref=CODE: bind them to that
 * distributor (by the tenant's rule) once per code and page load,
 * fire-and-forget. Signed out, the call is refused and nothing shows; the
 * sign-in comes back to the same URL and binds then. A bad code shows
 * nothing either (dev console only). The ref also travels to checkout as
 * the order's refCode (placeOrder binds too). The layout does not look up
 * the user for this, so no page waits for it.
 */
export function RefBinder({ shop }: { shop: string }) {
  const ref = useSearchParams().get("ref")?.trim() ?? "";
  const trpc = useTRPC();
  const { mutate } = useMutation(
    trpc.shop.distribution.bind.mutationOptions({
      onError: (e) => {
        if (process.env.NODE_ENV !== "production") console.warn("referral binding failed", e);
      },
    }),
  );
  useEffect(() => {
    if (!CODE.test(ref) || seen.has(`${shop}:${ref}`)) return;
    seen.add(`${shop}:${ref}`);
    mutate({ shop, code: ref });
  }, [ref, shop, mutate]);
  return null;
}
