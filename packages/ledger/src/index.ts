/** packages/ledger: the pure rules of the money that reaches distributors (PRODUCT.md §5). */
export * from "./accounts";
export * from "./transfer";
export * from "./tax";
export * from "./settlement";
export * from "./withdrawal";
export * from "./identity";
export * from "./clawback";
export * from "./bonus";
export * from "./trace";
