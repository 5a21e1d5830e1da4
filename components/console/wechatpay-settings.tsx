"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import type { WechatPayStatus } from "@/packages/server/src/wechatpay-merchants";

/** What the form shows of the saved merchant (never its keys): the status the server reports. */
export type WechatPayStatusView = Omit<WechatPayStatus, "usable" | "missing">;

const textarea =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs shadow-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-emerald-600 aria-[invalid=true]:border-red-500";

/**
 * The WeChat Pay merchant form (owner / admin). Keys are write-only: the
 * form never receives them, and an empty key field keeps the saved one.
 */
export function WechatPaySettings({ status, canEdit }: { status: WechatPayStatusView; canEdit: boolean }) {
  const t = useTranslations("payments.wechatpay");
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const [mode, setMode] = useState<"direct" | "partner">(status.mode ?? "direct");
  const [mchid, setMchid] = useState(status.mchid ?? "");
  const [appid, setAppid] = useState(status.appid ?? "");
  const [serialNo, setSerialNo] = useState(status.serialNo ?? "");
  const [privateKey, setPrivateKey] = useState("");
  const [apiV3Key, setApiV3Key] = useState("");
  const [platformKeyId, setPlatformKeyId] = useState(status.platformKeyId ?? "");
  const [platformPublicKey, setPlatformPublicKey] = useState("");
  const [saved, setSaved] = useState(false);
  const done = () => {
    setPrivateKey("");
    setApiV3Key("");
    setSaved(true);
    router.refresh();
  };
  const save = useMutation(trpc.wechatpay.save.mutationOptions({ onSuccess: done }));
  const clear = useMutation(trpc.wechatpay.clear.mutationOptions({ onSuccess: () => router.refresh() }));
  if (!canEdit) return <p className="text-sm text-slate-500">{t("readOnly")}</p>;
  const { message, fields } = errorInfo(save.error ?? clear.error);
  const keysSaved = status.configured && status.mode === "direct";

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate(mode === "partner" ? { mode, mchid, appid } : { mode, mchid, appid, serialNo, privateKey, apiV3Key, platformKeyId, platformPublicKey });
  };
  const readFile = (file: File | undefined) => {
    if (file) void file.text().then(setPrivateKey);
  };

  return (
    <form className="space-y-4" onSubmit={submit} data-testid="wechatpay-form" autoComplete="off">
      <FormError message={message && Object.keys(fields).length === 0 ? message : null} />
      <Field label={t("modeLabel")} htmlFor="wxp-mode">
        <Select id="wxp-mode" value={mode} onChange={(e) => setMode(e.target.value as "direct" | "partner")}>
          <option value="direct">{t("modeDirect")}</option>
          <option value="partner">{t("modePartner")}</option>
        </Select>
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={mode === "partner" ? t("subMchid") : t("mchid")} htmlFor="wxp-mchid" error={fields.mchid}>
          <Input id="wxp-mchid" value={mchid} onChange={(e) => setMchid(e.target.value)} inputMode="numeric" aria-invalid={!!fields.mchid} />
        </Field>
        <Field label={t("appid")} htmlFor="wxp-appid" error={fields.appid}>
          <Input id="wxp-appid" value={appid} onChange={(e) => setAppid(e.target.value)} aria-invalid={!!fields.appid} />
        </Field>
      </div>
      {mode === "direct" ? (
        <>
          <Field label={t("serialNo")} htmlFor="wxp-serial" error={fields.serialNo}>
            <Input id="wxp-serial" value={serialNo} onChange={(e) => setSerialNo(e.target.value)} className="font-mono" aria-invalid={!!fields.serialNo} />
          </Field>
          <Field label={t("privateKey")} htmlFor="wxp-key" hint={keysSaved ? `${t("keysSaved")} · ${t("privateKeyHint")}` : t("privateKeyHint")} error={fields.privateKey}>
            <textarea
              id="wxp-key"
              className={textarea}
              rows={5}
              value={privateKey}
              onChange={(e) => setPrivateKey(e.target.value)}
              placeholder="-----BEGIN PRIVATE KEY-----"
              spellCheck={false}
              aria-invalid={!!fields.privateKey}
            />
            <label className="inline-flex cursor-pointer items-center gap-2 text-xs text-emerald-700">
              {t("privateKeyFile")}
              <input type="file" accept=".pem,.key,text/plain" className="sr-only" onChange={(e) => readFile(e.target.files?.[0])} data-testid="wechatpay-key-file" />
            </label>
          </Field>
          <Field label={t("apiV3Key")} htmlFor="wxp-v3" hint={keysSaved ? `${t("keysSaved")} · ${t("apiV3KeyHint")}` : t("apiV3KeyHint")} error={fields.apiV3Key}>
            <Input id="wxp-v3" type="password" value={apiV3Key} onChange={(e) => setApiV3Key(e.target.value)} autoComplete="new-password" aria-invalid={!!fields.apiV3Key} />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("platformKeyId")} htmlFor="wxp-pubid" hint={t("platformKeyHint")} error={fields.platformKeyId}>
              <Input id="wxp-pubid" value={platformKeyId} onChange={(e) => setPlatformKeyId(e.target.value)} className="font-mono" aria-invalid={!!fields.platformKeyId} />
            </Field>
            <Field label={t("platformPublicKey")} htmlFor="wxp-pub" error={fields.platformPublicKey}>
              <textarea id="wxp-pub" className={textarea} rows={3} value={platformPublicKey} onChange={(e) => setPlatformPublicKey(e.target.value)} spellCheck={false} placeholder="-----BEGIN PUBLIC KEY-----" />
            </Field>
          </div>
        </>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={!hydrated || save.isPending} data-testid="wechatpay-save">
          {save.isPending ? t("saving") : t("save")}
        </Button>
        {status.configured ? (
          <Button
            type="button"
            variant="outline"
            disabled={!hydrated || clear.isPending}
            onClick={() => {
              if (window.confirm(t("clearConfirm"))) clear.mutate();
            }}
            data-testid="wechatpay-clear"
          >
            {t("clear")}
          </Button>
        ) : null}
        {saved && !save.isPending ? (
          <span className="text-sm text-emerald-700" role="status">
            {t("saved")}
          </span>
        ) : null}
      </div>
    </form>
  );
}
