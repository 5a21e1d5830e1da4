import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AcceptInvitation } from "@/components/console/accept-invitation";
import { LanguageSwitch } from "@/components/language-switch";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { AppError } from "@/packages/core/src/errors";
import { api } from "@/packages/server/src/api";
import { getCurrentUser } from "@/packages/server/src/auth";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations("members");
  const te = await getTranslations("errors");
  const roles = await getTranslations("roles");
  const user = await getCurrentUser();
  const looked = await (await api()).invitations.preview({ token }).then(
    (p) => ({ preview: p, expired: false }),
    (e: unknown) => ({ preview: null, expired: e instanceof Error && e.cause instanceof AppError && e.cause.key === "invitation.expired" }),
  );
  const preview = looked.preview;
  return (
    <main className="mx-auto max-w-md space-y-4 p-6">
      <div className="flex justify-end">
        <LanguageSwitch />
      </div>
      <Card>
        {preview ? (
          <>
            <CardHeader>
              <CardTitle>{t("acceptTitle", { tenant: preview.tenantName })}</CardTitle>
            </CardHeader>
            <CardContent className="space-y-4">
              <p className="text-sm text-slate-600">{t("acceptBody", { tenant: preview.tenantName, role: roles(preview.role) })}</p>
              {user ? (
                <AcceptInvitation token={token} />
              ) : (
                <Button asChild>
                  <Link href={`/sign-in?next=/invite/${token}`}>{t("signInToAccept")}</Link>
                </Button>
              )}
            </CardContent>
          </>
        ) : (
          <CardContent className="pt-5 text-sm text-red-700">{te(looked.expired ? "invitation.expired" : "invitation.invalid")}</CardContent>
        )}
      </Card>
    </main>
  );
}
