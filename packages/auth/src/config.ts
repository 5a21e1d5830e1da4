/** Which sign-in is active, from the environment alone. */
export function clerkEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && env.CLERK_SECRET_KEY);
}

/**
 * The offline sign-in (pick a demo user) is for development and demos. It
 * refuses to run in production unless ALLOW_LOCAL_SIGNIN=1 says so explicitly.
 */
export function localSignInAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  if (clerkEnabled(env)) return false;
  return env.NODE_ENV !== "production" || env.ALLOW_LOCAL_SIGNIN === "1";
}
