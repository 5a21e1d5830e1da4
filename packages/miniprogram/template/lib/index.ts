/**
 * The template's shared code: compiled once into lib/index.js and required
 * by every page and component (pages may import only this file from lib/),
 * so the pure packages are in the package once.
 */
export * from "./blocks";
export * from "./component";
export * from "./ext";
export * from "./flows";
export * from "./i18n";
export * from "./links";
export * from "./runtime";
export * from "./session";
export * from "./trpc";
export * from "./views";
export * from "./wx";
export { formatFen } from "../../../core/src/money";
export * from "./page";
export { yuanToFen } from "../../../core/src/yuan";
