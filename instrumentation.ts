/** Next.js calls this once per server process: start the scheduled order job (Node runtime only). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startOrderSweep } = await import("./packages/server/src/jobs");
  startOrderSweep();
}
