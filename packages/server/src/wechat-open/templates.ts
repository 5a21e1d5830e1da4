import type { Db } from "../../../db/src/client";
import { wechatCall } from "./client";
import type { WechatConfig } from "./env";
import { withComponentToken } from "./tokens";

/** The platform's template library (代码模板库): drafts uploaded from the developer tool → templates → the one shops get. */
export type TemplateDraft = { draftId: string; userVersion: string; userDesc: string; createdAt: Date };
export type Template = { templateId: string; userVersion: string; userDesc: string; createdAt: Date };

type Raw = { create_time?: number; user_version?: string; user_desc?: string; draft_id?: number | string; template_id?: number | string };
const when = (r: Raw) => new Date((r.create_time ?? 0) * 1000);

export async function listDrafts(db: Db, cfg: WechatConfig): Promise<TemplateDraft[]> {
  const r = await withComponentToken(db, cfg, (token) => wechatCall<{ draft_list?: Raw[] }>(cfg, "wxa/gettemplatedraftlist", { token: { name: "access_token", value: token } }));
  return (r.draft_list ?? []).map((d) => ({ draftId: String(d.draft_id), userVersion: d.user_version ?? "", userDesc: d.user_desc ?? "", createdAt: when(d) }));
}

export async function addDraftToTemplates(db: Db, cfg: WechatConfig, draftId: string): Promise<void> {
  await withComponentToken(db, cfg, (token) => wechatCall(cfg, "wxa/addtotemplate", { token: { name: "access_token", value: token }, body: { draft_id: Number(draftId), template_type: 0 } }));
}

export async function listTemplates(db: Db, cfg: WechatConfig): Promise<Template[]> {
  const r = await withComponentToken(db, cfg, (token) => wechatCall<{ template_list?: Raw[] }>(cfg, "wxa/gettemplatelist", { token: { name: "access_token", value: token }, query: { template_type: "0" } }));
  return (r.template_list ?? []).map((d) => ({ templateId: String(d.template_id), userVersion: d.user_version ?? "", userDesc: d.user_desc ?? "", createdAt: when(d) }));
}
