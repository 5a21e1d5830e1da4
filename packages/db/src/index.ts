export * from "./client";
export * from "./context";
export * as schema from "./schema";
export * from "./queries/users";
export * from "./queries/tenants";
export * from "./queries/members";
export * from "./queries/catalog";
export * from "./queries/agency";
export * from "./queries/audit";
