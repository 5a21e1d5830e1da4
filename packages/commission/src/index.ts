export * from "./plan";
export * from "./engine";
export * from "./config";
export * from "./reversal";
