export { default } from "../../../pages/[pageSlug]/not-found";
