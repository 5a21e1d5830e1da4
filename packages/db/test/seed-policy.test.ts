/** `npm start` seeds the demo users (a platform operator, shop owners) only where that is safe (security review H2). */
import { describe, expect, test } from "vitest";
import { shouldSeedDemo } from "../src/seed";

const env = (e: Record<string, string>) => e as unknown as NodeJS.ProcessEnv;

describe("demo seed on start", () => {
  test.each([
    [{ NODE_ENV: "development" }, true],
    [{}, true],
    [{ NODE_ENV: "development", SKIP_SEED: "1" }, false],
    [{ NODE_ENV: "production" }, false],
    [{ NODE_ENV: "production", SEED_DEMO: "0" }, false],
    [{ NODE_ENV: "production", SEED_DEMO: "1" }, true],
    [{ NODE_ENV: "production", SEED_DEMO: "1", SKIP_SEED: "1" }, false],
  ])("%o seeds: %s", (e, seeds) => {
    expect(shouldSeedDemo(env(e))).toBe(seeds);
  });
});
