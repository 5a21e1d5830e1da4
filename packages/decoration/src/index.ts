export * from "./blocks";
export * from "./document";
export * from "./release";
export { inspectRichText, sanitizeRichText, richTextPlain, type RichTextProblem } from "./sanitize";
export * from "./render-data";
export * from "./defaults";
export * from "./personal-shop";
