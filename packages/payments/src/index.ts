export * from "./types";
export * from "./fees";
export * from "./simulator";
