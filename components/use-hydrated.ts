"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False while the server-rendered page is not yet interactive, true after
 * hydration. Buttons whose work is done by an onClick handler are disabled
 * until then, so an early tap is not silently lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
