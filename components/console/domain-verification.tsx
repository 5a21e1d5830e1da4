"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";
import { domainFailures, txtRecordName, txtRecordValue, verificationFileUrl, type DomainFailure } from "@/packages/tenancy/src/domain-verification";

export type DomainClaim = { domain: string; status: "pending" | "verified" | "failed"; token: string; failure: string | null };

const BADGE = { pending: "bg-amber-100 text-amber-800", verified: "bg-emerald-100 text-emerald-800", failed: "bg-red-100 text-red-700" } as const;
const LABEL = { pending: "domainPending", verified: "domainVerified", failed: "domainFailed" } as const;

/**
 * The saved custom domain's status and how to verify it (a TXT record or a
 * file, packages/tenancy/src/domain-verification.ts); "Verify" asks the
 * server to look. The domain serves the storefront only once verified.
 */
export function DomainVerification({ claim, canEdit, onChange }: { claim: DomainClaim; canEdit: boolean; onChange: (c: DomainClaim | null) => void }) {
  const t = useTranslations("settings");
  const e = useTranslations("errors");
  const trpc = useTRPC();
  const verify = useMutation(
    trpc.tenant.verifyDomain.mutationOptions({
      onSuccess: (tenant) => onChange(tenant.customDomain && tenant.domainVerification ? { domain: tenant.customDomain, ...tenant.domainVerification } : null),
    }),
  );
  const code = "rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs break-all";
  return (
    <div className="space-y-3 rounded-md border border-slate-200 p-4 text-sm" data-testid="domain-verification" data-status={claim.status}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{t("domainStatus")}</span>
        <span className="font-mono">{claim.domain}</span>
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${BADGE[claim.status]}`} data-testid="domain-status">
          {t(LABEL[claim.status])}
        </span>
      </div>
      {claim.status === "verified" ? (
        <p className="text-emerald-700">{t("domainServing", { domain: claim.domain })}</p>
      ) : (
        <>
          {claim.status === "failed" && claim.failure ? (
            <p className="text-red-700" data-testid="domain-failure">
              {(domainFailures as readonly string[]).includes(claim.failure) ? e(claim.failure as DomainFailure) : e("generic")}
            </p>
          ) : null}
          <p className="text-slate-600">{t("domainHowTo")}</p>
          <div className="space-y-1">
            <p className="font-medium">{t("domainTxt")}</p>
            <p>
              {t("domainTxtName")}: <code className={code} data-testid="domain-txt-name">{txtRecordName(claim.domain)}</code>
            </p>
            <p>
              {t("domainTxtValue")}: <code className={code} data-testid="domain-txt-value">{txtRecordValue(claim.token)}</code>
            </p>
          </div>
          <div className="space-y-1">
            <p className="font-medium">{t("domainFile")}</p>
            <p>
              <code className={code}>{verificationFileUrl(claim.domain)}</code>
            </p>
            <p>
              {t("domainFileHint")} <code className={code} data-testid="domain-token">{claim.token}</code>
            </p>
          </div>
          <FormError message={verify.error?.message} />
          {canEdit ? (
            <Button type="button" onClick={() => verify.mutate()} disabled={verify.isPending} data-testid="verify-domain">
              {verify.isPending ? t("domainVerifying") : t("domainVerify")}
            </Button>
          ) : null}
        </>
      )}
    </div>
  );
}
