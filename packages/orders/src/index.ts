export * from "./state";
export * from "./money";
export * from "./schemas";
