export * from "./global";
export * from "./catalog";
export * from "./identity";
export * from "./distribution";
export * from "./commerce";
export * from "./writers";
export * from "./design";
export * from "./miniprogram-publishing";
