import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../client";
import {
  miniprogramAuthorizations,
  miniprogramSubmissions,
  OPEN_SUBMISSION_STATUSES,
  wechatComponent,
  type CallLogEntry,
  type SubmissionStatus,
  type TimelineEntry,
  releases,
} from "../schema";

/** The WeChat mini-program publishing state (drizzle/0031). */

export type ComponentRow = typeof wechatComponent.$inferSelect;
export type AuthorizationRow = typeof miniprogramAuthorizations.$inferSelect;
export type SubmissionRow = typeof miniprogramSubmissions.$inferSelect;

export async function getComponent(tx: Tx, appid: string): Promise<ComponentRow | null> {
  const [r] = await tx.select().from(wechatComponent).where(eq(wechatComponent.componentAppid, appid));
  return r ?? null;
}

/** The row, created when missing, locked until the transaction ends: one token refresh at a time across app servers. */
export async function lockComponent(tx: Tx, appid: string): Promise<ComponentRow> {
  await tx.insert(wechatComponent).values({ componentAppid: appid }).onConflictDoNothing();
  const [r] = await tx.select().from(wechatComponent).where(eq(wechatComponent.componentAppid, appid)).for("update");
  return r!;
}

export async function saveTicket(tx: Tx, appid: string, ticket: string): Promise<void> {
  await tx
    .insert(wechatComponent)
    .values({ componentAppid: appid, verifyTicket: ticket, ticketAt: new Date() })
    .onConflictDoUpdate({ target: wechatComponent.componentAppid, set: { verifyTicket: ticket, ticketAt: new Date(), updatedAt: new Date() } });
}

export async function saveComponentToken(tx: Tx, appid: string, accessTokenEnc: string | null, expiresAt: Date | null): Promise<void> {
  await tx.update(wechatComponent).set({ accessTokenEnc, tokenExpiresAt: expiresAt, updatedAt: new Date() }).where(eq(wechatComponent.componentAppid, appid));
}

export async function chooseTemplate(tx: Tx, appid: string, t: { templateId: string; version: string; desc: string }): Promise<void> {
  await tx
    .insert(wechatComponent)
    .values({ componentAppid: appid, templateId: t.templateId, templateVersion: t.version, templateDesc: t.desc })
    .onConflictDoUpdate({ target: wechatComponent.componentAppid, set: { templateId: t.templateId, templateVersion: t.version, templateDesc: t.desc, updatedAt: new Date() } });
}

export async function getAuthorization(tx: Tx, tenantId: string): Promise<AuthorizationRow | null> {
  const [r] = await tx.select().from(miniprogramAuthorizations).where(eq(miniprogramAuthorizations.tenantId, tenantId));
  return r ?? null;
}

export async function lockAuthorization(tx: Tx, tenantId: string): Promise<AuthorizationRow | null> {
  const [r] = await tx.select().from(miniprogramAuthorizations).where(eq(miniprogramAuthorizations.tenantId, tenantId)).for("update");
  return r ?? null;
}

export type AuthorizationInput = Pick<AuthorizationRow, "authorizerAppid" | "refreshTokenEnc" | "accessTokenEnc" | "accessExpiresAt" | "nickName" | "principalName" | "funcInfo">;

export async function saveAuthorization(tx: Tx, tenantId: string, a: AuthorizationInput): Promise<void> {
  const now = new Date();
  const set = { ...a, status: "authorized" as const, authorizedAt: now, revokedAt: null, updatedAt: now };
  await tx.insert(miniprogramAuthorizations).values({ tenantId, ...set }).onConflictDoUpdate({ target: miniprogramAuthorizations.tenantId, set });
}

export async function saveAuthorizerToken(tx: Tx, tenantId: string, t: { accessTokenEnc: string | null; accessExpiresAt: Date | null; refreshTokenEnc?: string }): Promise<void> {
  await tx.update(miniprogramAuthorizations).set({ ...t, updatedAt: new Date() }).where(eq(miniprogramAuthorizations.tenantId, tenantId));
}

/** WeChat said the merchant revoked it (the `unauthorized` push): no token of it is kept. */
export async function revokeAuthorization(tx: Tx, tenantId: string, appid: string): Promise<boolean> {
  const r = await tx
    .update(miniprogramAuthorizations)
    .set({ status: "revoked", revokedAt: new Date(), accessTokenEnc: null, accessExpiresAt: null, updatedAt: new Date() })
    .where(and(eq(miniprogramAuthorizations.tenantId, tenantId), eq(miniprogramAuthorizations.authorizerAppid, appid)))
    .returning({ t: miniprogramAuthorizations.tenantId });
  return r.length > 0;
}

/** Which shop authorized this app id (app_private definer: WeChat's pushes name the app, not the shop). */
export async function tenantOfAuthorizer(tx: Tx, appid: string): Promise<string | null> {
  const [r] = rowsOf<{ id: string | null }>(await tx.execute(sql`select app_private.miniprogram_tenant(${appid}) as id`));
  return r?.id ?? null;
}

export async function listSubmissions(tx: Tx, tenantId: string, limit = 20): Promise<SubmissionRow[]> {
  return tx.select().from(miniprogramSubmissions).where(eq(miniprogramSubmissions.tenantId, tenantId)).orderBy(desc(miniprogramSubmissions.createdAt)).limit(limit);
}

export async function getSubmission(tx: Tx, tenantId: string, id: string, lock = false): Promise<SubmissionRow | null> {
  const q = tx.select().from(miniprogramSubmissions).where(and(eq(miniprogramSubmissions.tenantId, tenantId), eq(miniprogramSubmissions.id, id)));
  const [r] = lock ? await q.for("update") : await q;
  return r ?? null;
}

/** The submission under review (one at a time per shop), for WeChat's audit pushes. */
export async function auditingSubmission(tx: Tx, tenantId: string, auditId?: string): Promise<SubmissionRow | null> {
  const [r] = await tx
    .select()
    .from(miniprogramSubmissions)
    .where(and(eq(miniprogramSubmissions.tenantId, tenantId), inArray(miniprogramSubmissions.status, ["auditing", "audit_delayed"]), ...(auditId ? [eq(miniprogramSubmissions.auditId, auditId)] : [])))
    .orderBy(desc(miniprogramSubmissions.createdAt))
    .limit(1)
    .for("update");
  return r ?? null;
}

export async function openSubmission(tx: Tx, tenantId: string): Promise<SubmissionRow | null> {
  const [r] = await tx
    .select()
    .from(miniprogramSubmissions)
    .where(and(eq(miniprogramSubmissions.tenantId, tenantId), inArray(miniprogramSubmissions.status, [...OPEN_SUBMISSION_STATUSES])))
    .limit(1);
  return r ?? null;
}

/** The version live in WeChat now: the newest released submission (of that mini-program, when named). */
export async function releasedSubmission(tx: Tx, tenantId: string, appid?: string): Promise<SubmissionRow | null> {
  const [r] = await tx
    .select()
    .from(miniprogramSubmissions)
    .where(and(eq(miniprogramSubmissions.tenantId, tenantId), eq(miniprogramSubmissions.status, "released"), ...(appid ? [eq(miniprogramSubmissions.authorizerAppid, appid)] : [])))
    .orderBy(desc(miniprogramSubmissions.updatedAt))
    .limit(1);
  return r ?? null;
}

export type NewSubmission = Pick<SubmissionRow, "releaseVersion" | "authorizerAppid" | "templateId" | "userVersion" | "extJson" | "autoRelease" | "createdBy">;

export async function createSubmission(tx: Tx, tenantId: string, s: NewSubmission): Promise<SubmissionRow> {
  const timeline: TimelineEntry[] = [{ at: new Date().toISOString(), status: "pending" }];
  const [r] = await tx.insert(miniprogramSubmissions).values({ tenantId, ...s, status: "pending", timeline }).returning();
  return r!;
}

export type SubmissionPatch = { status?: SubmissionStatus; auditId?: string | null; reason?: string; errorKey?: string | null; note?: string; calls?: CallLogEntry[] };

/** Moves a submission on: a status change adds a timeline entry, calls are appended to its log. */
export async function updateSubmission(tx: Tx, tenantId: string, id: string, p: SubmissionPatch): Promise<void> {
  const entry: TimelineEntry[] = p.status ? [{ at: new Date().toISOString(), status: p.status, ...(p.note ? { note: p.note } : {}) }] : [];
  await tx
    .update(miniprogramSubmissions)
    .set({
      ...(p.status ? { status: p.status } : {}),
      ...(p.auditId !== undefined ? { auditId: p.auditId } : {}),
      ...(p.reason !== undefined ? { reason: p.reason } : {}),
      ...(p.errorKey !== undefined ? { errorKey: p.errorKey } : {}),
      timeline: sql`${miniprogramSubmissions.timeline} || ${JSON.stringify(entry)}::jsonb`,
      calls: sql`${miniprogramSubmissions.calls} || ${JSON.stringify(p.calls ?? [])}::jsonb`,
      updatedAt: new Date(),
    })
    .where(and(eq(miniprogramSubmissions.tenantId, tenantId), eq(miniprogramSubmissions.id, id)));
}

/** The chosen template and the last ticket, for a shop's console (app_private definer: the token stays hidden). */
export async function platformStatus(tx: Tx, appid: string): Promise<{ templateId: string | null; templateVersion: string | null; ticketAt: Date | null }> {
  const [r] = rowsOf<{ template_id: string | null; template_version: string | null; ticket_at: string | Date | null }>(
    await tx.execute(sql`select template_id, template_version, ticket_at from app_private.wechat_platform_status(${appid})`),
  );
  return { templateId: r?.template_id ?? null, templateVersion: r?.template_version ?? null, ticketAt: r?.ticket_at ? new Date(r.ticket_at) : null };
}

/** One release's theme and the shop's identity, for its ext.json. */
export async function releaseForPackage(tx: Tx, tenantId: string, version: number) {
  const [r] = await tx
    .select({ version: releases.version, content: releases.content, createdAt: releases.createdAt })
    .from(releases)
    .where(and(eq(releases.tenantId, tenantId), eq(releases.version, version)));
  return r ?? null;
}

export async function recentReleases(tx: Tx, tenantId: string, limit = 10) {
  return tx.select({ version: releases.version, createdAt: releases.createdAt, note: releases.note }).from(releases).where(eq(releases.tenantId, tenantId)).orderBy(desc(releases.version)).limit(limit);
}

/** Submissions under review in every shop, unchanged for 5 minutes (app_private definer, for the audit poll). */
export async function openAudits(tx: Tx): Promise<{ tenantId: string; id: string }[]> {
  return rowsOf<{ tenant_id: string; id: string }>(await tx.execute(sql`select tenant_id, id from app_private.miniprogram_open_audits()`)).map((r) => ({ tenantId: r.tenant_id, id: r.id }));
}
