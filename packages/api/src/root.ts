import { agencyRouter } from "./routers/agency";
import { invitationsRouter } from "./routers/invitations";
import { membersRouter } from "./routers/members";
import { onboardingRouter } from "./routers/onboarding";
import { platformRouter } from "./routers/platform";
import { tenantRouter } from "./routers/tenant";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  onboarding: onboardingRouter,
  tenant: tenantRouter,
  members: membersRouter,
  agency: agencyRouter,
  invitations: invitationsRouter,
  platform: platformRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
