import { expect } from "vitest";
import { MESSAGES, translateError } from "./index";

/** Every error key of a namespace under "errors" (e.g. "order" → ["order.notFound", …]). */
export function errorKeys(namespace: string): string[] {
  const ns = (MESSAGES.en.errors as unknown as Record<string, Record<string, string>>)[namespace];
  if (!ns) throw new Error(`no errors.${namespace} in the messages`);
  return Object.keys(ns).map((k) => `${namespace}.${k}`);
}

/**
 * An error key reads as a real message in both languages (not the generic
 * fallback, not the same text twice) with every placeholder filled.
 */
export function expectReadsInBothLanguages(key: string, params: Record<string, string | number> = {}) {
  const zh = translateError("zh-CN", key, params);
  const en = translateError("en", key, params);
  expect(zh, key).not.toBe(translateError("zh-CN", "invalid"));
  expect(en, key).not.toBe(translateError("en", "invalid"));
  expect(zh, key).not.toBe(en);
  expect(zh + en, key).not.toMatch(/[{}]/);
}
