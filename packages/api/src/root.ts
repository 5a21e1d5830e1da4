import { agencyRouter } from "./routers/agency";
import { designRouter } from "./routers/design";
import { distributionRouter } from "./routers/distribution";
import { financeRouter } from "./routers/finance";
import { invitationsRouter } from "./routers/invitations";
import { membersRouter } from "./routers/members";
import { miniprogramRouter } from "./routers/miniprogram";
import { onboardingRouter } from "./routers/onboarding";
import { ordersRouter } from "./routers/orders";
import { platformRouter } from "./routers/platform";
import { platformWechatRouter } from "./routers/platform-wechat";
import { productsRouter } from "./routers/products";
import { shopRouter } from "./routers/shop";
import { stripeRouter } from "./routers/stripe";
import { wechatpayRouter } from "./routers/wechatpay";
import { tenantRouter } from "./routers/tenant";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  onboarding: onboardingRouter,
  tenant: tenantRouter,
  members: membersRouter,
  agency: agencyRouter,
  invitations: invitationsRouter,
  platform: platformRouter,
  products: productsRouter,
  orders: ordersRouter,
  distribution: distributionRouter,
  finance: financeRouter,
  design: designRouter,
  shop: shopRouter,
  stripe: stripeRouter,
  miniprogram: miniprogramRouter,
  platformWechat: platformWechatRouter,
  wechatpay: wechatpayRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
