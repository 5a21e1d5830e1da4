import { router } from "../trpc";

export const ordersRouter = router({});
