import { redirect } from "next/navigation";
import { SignUp } from "@clerk/nextjs";
import { clerkEnabled } from "@/packages/auth/src/config";

export const dynamic = "force-dynamic";

/** Clerk's sign-up; offline, the local sign-in page creates users too. */
export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (!clerkEnabled()) redirect(`/sign-in?next=${encodeURIComponent(next ?? "/onboarding")}`);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <SignUp forceRedirectUrl={next ?? "/onboarding"} signInUrl="/sign-in" />
    </main>
  );
}
