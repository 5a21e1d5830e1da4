/**
 * Pure packages are bundled into the mini-program: the lint refuses Next,
 * React, database, Stripe, Node and server imports in them (eslint.config.mjs).
 * Lints snippets as if they were files of those packages.
 */
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const eslint = new ESLint({ cwd: root });
const errorsOf = async (file: string, code: string) => {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (r?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
};

describe("the purity rule", () => {
  test.each([
    ["packages/theme/src/x.ts", 'import Link from "next/link";\nexport const a = Link;\n'],
    ["packages/decoration/src/x.ts", 'import { sql } from "drizzle-orm";\nexport const a = sql;\n'],
    ["packages/commission/src/x.ts", 'import fs from "node:fs";\nexport const a = fs;\n'],
    ["packages/levels/src/x.ts", 'import Stripe from "stripe";\nexport const a = Stripe;\n'],
    ["packages/ledger/src/x.ts", 'import { Pool } from "postgres";\nexport const a = Pool;\n'],
    ["packages/catalog/src/x.ts", 'import { createRoot } from "react-dom/client";\nexport const a = createRoot;\n'],
    ["packages/decoration/src/x.ts", 'import { getDb } from "../../server/src/db";\nexport const a = getDb;\n'],
  ])("%s: a forbidden import fails", async (file, code) => {
    expect(await errorsOf(file, code)).toEqual([expect.stringMatching(/Pure packages/)]);
  });
  test("the mini-program template: the same rule, except the server's types through `import type`", async () => {
    const file = "packages/miniprogram/template/lib/x.ts";
    expect(await errorsOf(file, 'import { appRouter } from "../../../api/src/root";\nexport const a = appRouter;\n')).toEqual([expect.stringMatching(/mini-program bundles no/)]);
    expect(await errorsOf(file, 'import fs from "node:fs";\nexport const a = fs;\n')).toEqual([expect.stringMatching(/mini-program bundles no/)]);
    expect(await errorsOf(file, 'import type { AppRouter } from "../../../api/src/root";\nexport type A = AppRouter;\n')).toEqual([]);
  });
  test("the same import is allowed outside the pure packages, and zod is allowed inside", async () => {
    expect(await errorsOf("packages/db/src/x.ts", 'import { sql } from "drizzle-orm";\nexport const a = sql;\n')).toEqual([]);
    expect(await errorsOf("packages/theme/src/x.ts", 'import { z } from "zod";\nexport const a = z;\n')).toEqual([]);
  });
});
