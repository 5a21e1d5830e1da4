import { z } from "zod";

/**
 * Withdrawal rules (PRODUCT.md §5.5): at least the minimum (default ¥50,
 * never below ¥1), no more than what is available (a negative balance after a
 * clawback withdraws nothing until repaid), not while withdrawal is
 * restricted; reviewed automatically below a threshold (default ¥500) when
 * the distributor has no open flag, else by finance. Requests older than 20
 * hours are flagged to finance (the 24-hour promise).
 */
export const MINIMUM_FLOOR_FEN = 100;

export const withdrawalSettingsSchema = z.object({
  minimumFen: z.number({ error: "ledger.minimum" }).int({ error: "ledger.minimum" }).min(MINIMUM_FLOOR_FEN, { error: "ledger.minimumFloor" }),
  autoApproveBelowFen: z.number({ error: "ledger.autoApprove" }).int({ error: "ledger.autoApprove" }).min(0, { error: "ledger.autoApprove" }),
});
export type WithdrawalSettings = z.infer<typeof withdrawalSettingsSchema>;

export const DEFAULT_WITHDRAWAL_SETTINGS: WithdrawalSettings = { minimumFen: 5_000, autoApproveBelowFen: 50_000 };

export type WithdrawalProblem = "withdrawal.amount" | "withdrawal.belowMinimum" | "withdrawal.aboveAvailable" | "withdrawal.restricted";

/** Why a request cannot be made, or null. `availableFen` is the balance now (it may be negative). */
export function withdrawalProblem(req: { amountFen: number; availableFen: number; restricted: boolean }, settings: WithdrawalSettings): WithdrawalProblem | null {
  if (!Number.isSafeInteger(req.amountFen) || req.amountFen <= 0) return "withdrawal.amount";
  if (req.restricted) return "withdrawal.restricted";
  if (req.amountFen < Math.max(settings.minimumFen, MINIMUM_FLOOR_FEN)) return "withdrawal.belowMinimum";
  if (req.amountFen > withdrawableFen(req.availableFen)) return "withdrawal.aboveAvailable";
  return null;
}

export const withdrawableFen = (availableFen: number) => Math.max(0, availableFen);

/** Who reviews a request: the system below the threshold for a clean record, otherwise finance. */
export function reviewRoute(req: { amountFen: number; openFlags: number; restricted: boolean }, settings: WithdrawalSettings): "auto" | "manual" {
  return req.amountFen < settings.autoApproveBelowFen && req.openFlags === 0 && !req.restricted ? "auto" : "manual";
}

export const OVERDUE_HOURS = 20;

/** A request still open after 20 hours is shown to finance as overdue. */
export const overdue = (requestedAt: Date, now: Date) => now.getTime() - requestedAt.getTime() > OVERDUE_HOURS * 3_600_000;
