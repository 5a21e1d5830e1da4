"use client";

/**
 * The editor's only entry: Puck and its CSS load on this route alone, in the
 * browser (it measures the DOM and runs its canvas in an iframe), never in a
 * server render nor in the storefront's bundle.
 */
import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

export const PageEditorLoader = dynamic(() => import("./page-editor"), {
  ssr: false,
  loading: () => <Skeleton className="h-[calc(100dvh-9rem)] w-full" />,
});
