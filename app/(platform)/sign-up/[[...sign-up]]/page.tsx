import { redirect } from "next/navigation";
import { SignUp } from "@clerk/nextjs";
import { clerkEnabled } from "@/packages/auth/src/config";
import { safeNextPath } from "@/packages/auth/src/next-path";

export const dynamic = "force-dynamic";

/** Clerk's sign-up; offline, the local sign-in page creates users too. */
export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const back = safeNextPath(next, "/onboarding");
  if (!clerkEnabled()) redirect(`/sign-in?next=${encodeURIComponent(back)}`);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      {/* Through the landing route: a kept share code binds the new user, then back to where they came from (a new merchant: /onboarding). */}
      <SignUp forceRedirectUrl={`/api/session/landing?next=${encodeURIComponent(back)}`} signInUrl="/sign-in" />
    </main>
  );
}
