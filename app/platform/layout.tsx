export { default } from "../agency/layout";
export const dynamic = "force-dynamic";
