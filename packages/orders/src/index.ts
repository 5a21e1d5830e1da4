export * from "./state";
export * from "./money";
export * from "./schemas";
export * from "./restock";
