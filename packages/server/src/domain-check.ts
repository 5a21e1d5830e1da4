import { readFile } from "node:fs/promises";
import { Resolver } from "node:dns/promises";
import {
  judgeDomainEvidence,
  txtRecordName,
  verificationFileUrl,
  type DomainCheck,
} from "../../tenancy/src/domain-verification";

/** The two lookups a domain check makes; tests and the offline e2e pass their own. */
export type DomainResolver = {
  /** TXT records at `name`, each record's chunks joined; [] when there are none (NXDOMAIN, NODATA, timeout). */
  txt(name: string): Promise<string[]>;
  /** The body of a 200 answer at `url` (first 4 KB), null otherwise. */
  fetchText(url: string): Promise<string | null>;
};

/** Both lookups give up after this long: the check runs while the merchant waits for the button. */
const TIMEOUT_MS = 3000;
const MAX_BODY = 4096;

/** Checks a domain with `resolver` (the system's DNS and fetch by default). Never throws. */
export function domainChecker(resolver: DomainResolver = systemResolver()): DomainCheck {
  return async (domain, token) => {
    const [txt, file] = await Promise.all([
      resolver.txt(txtRecordName(domain)).catch(() => []),
      resolver.fetchText(verificationFileUrl(domain)).catch(() => null),
    ]);
    return judgeDomainEvidence(token, { txt, file });
  };
}

/** DNS through node:dns (one try, TIMEOUT_MS) and the file over http, without following redirects. */
export function networkResolver(): DomainResolver {
  return {
    async txt(name) {
      const dns = new Resolver({ timeout: TIMEOUT_MS, tries: 1 });
      try {
        return (await dns.resolveTxt(name)).map((chunks) => chunks.join(""));
      } catch {
        return [];
      }
    },
    async fetchText(url) {
      try {
        // No redirects: a redirect to an internal address must not be followed; the body is capped.
        const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "text/plain" } });
        if (res.status !== 200) return null;
        return (await res.text()).slice(0, MAX_BODY);
      } catch {
        return null;
      }
    },
  };
}

/**
 * A resolver reading TXT records from a JSON file (`{ "<name>": ["<value>", …] }`)
 * and never fetching: the offline e2e writes the record it was told to
 * publish there. Verification is not skipped: the record must still match
 * the token. FX_FAKE_DNS_FILE is honoured outside production only, or under
 * NODE_ENV=production when ALLOW_FAKE_DNS=1 says so too (the e2e's production
 * build; never set it in a real deployment, README).
 */
export function fileResolver(path: string): DomainResolver {
  return {
    async txt(name) {
      try {
        const records = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
        const values = records[name];
        return Array.isArray(values) ? values.filter((v): v is string => typeof v === "string") : [];
      } catch {
        return [];
      }
    },
    fetchText: async () => null,
  };
}

/** The fake DNS file this environment may use (fileResolver): never under production without ALLOW_FAKE_DNS=1. */
export function fakeDnsFile(env: NodeJS.ProcessEnv): string | null {
  const allowed = env.NODE_ENV !== "production" || env.ALLOW_FAKE_DNS === "1";
  return allowed && env.FX_FAKE_DNS_FILE ? env.FX_FAKE_DNS_FILE : null;
}

/** The process's resolver: the fake DNS file where allowed, else the network. */
export function systemResolver(env: NodeJS.ProcessEnv = process.env): DomainResolver {
  const file = fakeDnsFile(env);
  return file ? fileResolver(file) : networkResolver();
}
