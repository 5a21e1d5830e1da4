export * from "./plan";
export * from "./engine";
