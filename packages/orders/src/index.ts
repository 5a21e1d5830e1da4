export * from "./state";
export * from "./money";
