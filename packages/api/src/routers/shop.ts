import { router } from "../trpc";

export const shopRouter = router({});
