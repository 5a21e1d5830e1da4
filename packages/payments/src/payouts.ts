/**
 * The payout provider interface (PRODUCT.md §5.5): how an approved withdrawal's
 * net amount reaches the distributor. Implementations live on the server
 * (packages/server/src/payouts.ts): WeChat Pay merchant transfer and Stripe
 * Connect transfer; "manual" is finance paying by hand and recording it.
 *
 * Every call names one bill (`billNo`: the withdrawal and its attempt), the
 * same for every retry of that attempt, so a retry or a lost answer never
 * pays twice; a new attempt (a new bill) is only made after the provider said
 * the last one failed.
 */
export type PayoutMethod = "manual" | "wechat" | "stripe";

export type PayoutRequest = {
  tenantId: string;
  withdrawalId: string;
  attempt: number;
  /** [0-9A-Za-z]{1,32}: WeChat's out_bill_no, Stripe's idempotency key and transfer_group. */
  billNo: string;
  /** What the distributor receives: the withdrawal less the tax withheld. */
  amountFen: number;
  /** openid (WeChat, of `payeeAppId`) or connected account id (Stripe). */
  payee: string;
  payeeAppId: string | null;
  /** Shown to the distributor by the provider (WeChat: at most 32 characters). */
  remark: string;
  /** The distributor's real name, when the provider needs it (WeChat, from ¥2,000). */
  realName?: string | null;
};

/**
 * Where a payout stands at the provider:
 * - `sent`: accepted, still moving (WeChat ACCEPTED / PROCESSING / TRANSFERING, Stripe pending);
 * - `awaiting_confirmation`: WeChat waits for the distributor to confirm receipt (`packageInfo` opens it);
 * - `succeeded`: the money reached them; `failed`: it did not and will not (refused, cancelled, expired, returned).
 */
export type PayoutState = "sent" | "awaiting_confirmation" | "succeeded" | "failed";

export type PayoutResult = {
  state: PayoutState;
  providerRef: string | null;
  /** The provider's own word for it (WAIT_USER_CONFIRM, SUCCESS, paid, …), shown to finance. */
  providerState: string;
  packageInfo?: string | null;
  failureReason?: string | null;
};

export interface PayoutProvider {
  readonly method: Exclude<PayoutMethod, "manual">;
  send(req: PayoutRequest): Promise<PayoutResult>;
  /** The bill as the provider knows it, or null when it never arrived (then the same bill may be sent again). */
  find(req: PayoutRequest): Promise<PayoutResult | null>;
}

export type PayoutProviders = Partial<Record<Exclude<PayoutMethod, "manual">, PayoutProvider>>;

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * The bill number of one attempt: letters and digits only, at most 32 characters (WeChat's out_bill_no):
 * `W`, the withdrawal's uuid in base 62 (22 characters), `A`, the attempt.
 */
export function payoutBillNo(withdrawalId: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 9999) throw new RangeError(`payout attempt ${attempt}`);
  let n = BigInt("0x" + withdrawalId.replace(/-/g, ""));
  let out = "";
  while (n > 0n) {
    out = B62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return `W${out.padStart(22, "0")}A${attempt}`;
}

/** The withdrawal and attempt a bill number names, or null when it is not one of ours. */
export function parsePayoutBillNo(billNo: string): { withdrawalId: string; attempt: number } | null {
  const m = /^W([0-9A-Za-z]{22})A([1-9][0-9]{0,3})$/.exec(billNo);
  if (!m) return null;
  let n = 0n;
  for (const c of m[1]!) n = n * 62n + BigInt(B62.indexOf(c));
  if (n >= 1n << 128n) return null;
  const h = n.toString(16).padStart(32, "0");
  return { withdrawalId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`, attempt: Number(m[2]) };
}
