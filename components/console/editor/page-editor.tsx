"use client";

/**
 * The page editor (/console/design/pages/[id]): Puck over a page document.
 * Every change is checked with the blocks' schemas at once (field messages
 * in the user's language) and saved about a second after the last one; an
 * invalid document is never sent, so the last valid save stands. The
 * server's field errors ("blocks.3.props.title") land on the same fields.
 */
// no-external: the default stylesheet @imports a web font from rsms.me, which the CSP (style-src self) refuses and the chunk then fails to load.
import "@puckeditor/core/no-external.css";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { createUsePuck, Puck, type Data, type Overrides, type Viewports } from "@puckeditor/core";
import { errorInfo, useTRPC } from "@/components/trpc";
import { emptyBlockData, type PageDocument } from "@/packages/decoration/src";
import { toCssVariables, type Theme } from "@/packages/theme/src";
import { documentIssues, fieldPath, fromPuckData, issuesByBlock, locateIssue, toPuckData, type BlockIssue } from "./document-mapping";
import { EditorContext, FieldMessage, useSelectedId, type EditorState } from "./fields";
import { buildConfig, type EditorT } from "./puck-config";

export type PageEditorProps = {
  pageId: string;
  document: PageDocument;
  theme: Theme;
  landingPages: { slug: string; title: string }[];
  /** the storefront's link base for the preview ("/s/tea") */
  base: string;
};

type SaveStatus = "saved" | "pending" | "saving" | "invalid" | "error";
type Status = { status: SaveStatus; issues: BlockIssue[]; message: string | null; retry: () => void };

const StatusContext = createContext<Status>({ status: "saved", issues: [], message: null, retry: () => {} });
const ThemeContext = createContext<Record<string, string>>({});
const SAVE_DELAY_MS = 1000;
const ROOT_ZONE = "root:default-zone";
const usePuck = createUsePuck();

const VIEWPORT_PHONE = 375;
/** Keys built at run time (block types, field names, errors.* from zod issues) are checked with has(). */
type LooseT = EditorT & { has: (key: string) => boolean; raw: (key: string) => unknown };

export default function PageEditor({ pageId, document: initial, theme, landingPages, base }: PageEditorProps) {
  const t = useTranslations("editor") as unknown as LooseT;
  const te = useTranslations("errors") as unknown as LooseT;
  const locale = useLocale() as "zh-CN" | "en";
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preview = useQuery(trpc.design.draftPreview.queryOptions());
  const save = useMutation(trpc.design.savePage.mutationOptions());

  const identity = useMemo(() => ({ version: initial.version, kind: initial.kind, slug: initial.slug }), [initial]);
  const initialData = useMemo(() => toPuckData(initial), [initial]);
  const lastSaved = useRef(JSON.stringify(fromPuckData(initialData, identity)));
  const flushRef = useRef<() => Promise<void>>(async () => {});
  const [now] = useState(() => Date.now());
  const latest = useRef<ReturnType<typeof fromPuckData> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);
  const [status, setStatus] = useState<SaveStatus>("saved");
  const [clientIssues, setClientIssues] = useState<BlockIssue[]>([]);
  const [serverIssues, setServerIssues] = useState<BlockIssue[]>([]);
  const [serverMessage, setServerMessage] = useState<string | null>(null);

  const translate = useCallback(
    (i: BlockIssue): BlockIssue => ({ ...i, message: te.has(i.message) ? te(i.message, i.params) : te("invalid") }),
    [te],
  );

  const flush = useCallback(async () => {
    const doc = latest.current;
    if (!doc) return;
    if (inFlight.current) return; // the save in flight re-checks `latest` when it ends
    const json = JSON.stringify(doc);
    if (json === lastSaved.current) return setStatus("saved");
    if (documentIssues(doc).length) return setStatus("invalid");
    inFlight.current = true;
    setStatus("saving");
    let failed = false;
    try {
      await save.mutateAsync({ id: pageId, document: doc });
      lastSaved.current = json;
      setServerIssues([]);
      setServerMessage(null);
      // Product blocks show the products the server resolves for the saved draft.
      void queryClient.invalidateQueries({ queryKey: trpc.design.draftPreview.queryKey() });
    } catch (e) {
      failed = true;
      const info = errorInfo(e);
      setServerIssues(Object.entries(info.fields).map(([k, m]) => locateIssue(k, doc, m)));
      setServerMessage(info.message);
      setStatus("error");
    } finally {
      inFlight.current = false;
    }
    if (failed) return;
    const now = latest.current;
    if (now && JSON.stringify(now) !== lastSaved.current) {
      setStatus(documentIssues(now).length ? "invalid" : "pending");
      timer.current = setTimeout(() => void flushRef.current(), SAVE_DELAY_MS);
    } else setStatus("saved");
  }, [pageId, queryClient, save, trpc]);
  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  const onChange = useCallback(
    (data: Data) => {
      const doc = fromPuckData(data as Parameters<typeof fromPuckData>[0], identity);
      latest.current = doc;
      const issues = documentIssues(doc).map(translate);
      setClientIssues(issues);
      if (timer.current) clearTimeout(timer.current);
      if (JSON.stringify(doc) === lastSaved.current) {
        if (!inFlight.current) setStatus("saved");
        return;
      }
      if (inFlight.current) return;
      if (issues.length) return setStatus("invalid");
      setStatus("pending");
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush, identity, translate],
  );
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const config = useMemo(() => buildConfig(t, { rootRender: RootCanvas as never }), [t]);
  const issues = useMemo(() => [...clientIssues, ...serverIssues.filter((s) => !clientIssues.some((c) => c.blockId === s.blockId && c.field === s.field))], [clientIssues, serverIssues]);
  const editorState: EditorState = useMemo(
    () => ({ data: preview.data?.data ?? emptyBlockData(), ctx: { base, locale, now, preview: true }, issues: issuesByBlock(issues), pages: landingPages }),
    [preview.data, base, locale, now, issues, landingPages],
  );
  const statusValue: Status = useMemo(() => ({ status, issues, message: serverMessage, retry: () => void flush() }), [status, issues, serverMessage, flush]);
  const vars = useMemo(() => toCssVariables(theme), [theme]);
  const viewports: Viewports = useMemo(
    () => [
      { width: VIEWPORT_PHONE, height: "auto", label: t("viewports.phone"), icon: "Smartphone" },
      { width: 768, height: "auto", label: t("viewports.tablet"), icon: "Tablet" },
    ],
    [t],
  );
  const dictionary = useMemo(() => t.raw("puck") as Record<string, string>, [t]);

  return (
    <EditorContext.Provider value={editorState}>
      <StatusContext.Provider value={statusValue}>
        <ThemeContext.Provider value={vars}>
          <div className="overflow-hidden rounded-md border border-slate-200 bg-white" data-testid="page-editor">
            <Puck
              config={config}
              data={initialData as Data}
              onChange={onChange}
              dictionary={dictionary}
              viewports={viewports}
              ui={{ viewports: { current: { width: VIEWPORT_PHONE, height: "auto" }, controlsVisible: true, options: viewports } }}
              iframe={{ enabled: true, waitForStyles: true }}
              headerTitle={initial.title || t(`pageKinds.${initial.kind}`)}
              overrides={OVERRIDES}
              height="calc(100dvh - 9rem)"
            />
          </div>
        </ThemeContext.Provider>
      </StatusContext.Provider>
    </EditorContext.Provider>
  );
}

/** The canvas page: the shop's theme as CSS variables, at phone width by default. */
function RootCanvas({ children }: { children?: React.ReactNode }) {
  const vars = useContext(ThemeContext);
  return (
    <div style={{ ...vars, fontFamily: "var(--brand-font)" } as React.CSSProperties} className="min-h-screen bg-surface pb-8 text-ink" data-testid="editor-canvas">
      {children}
    </div>
  );
}

/** Save status and the list of problems, in Puck's header (replacing its Publish: publishing is the design page's). */
function HeaderStatus() {
  const t = useTranslations("editor") as unknown as LooseT;
  const { status, issues, message, retry } = useContext(StatusContext);
  const dispatch = usePuck((s) => s.dispatch);
  const [open, setOpen] = useState(false);
  const label =
    status === "saved" ? t("status.saved") : status === "saving" ? t("status.saving") : status === "pending" ? t("status.pending") : status === "invalid" ? t("status.invalid", { count: issues.length }) : t("status.error", { message: message ?? "" });
  const tone = status === "saved" ? "text-emerald-700" : status === "invalid" || status === "error" ? "text-red-700" : "text-slate-600";
  return (
    <div className="relative flex items-center gap-2 text-sm">
      <span className={tone} role="status" aria-live="polite" data-testid="save-status" data-status={status}>
        {label}
      </span>
      {status === "error" ? (
        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-xs" onClick={retry}>
          {t("status.retry")}
        </button>
      ) : null}
      {issues.length ? (
        <button type="button" className="rounded bg-red-50 px-2 py-0.5 text-xs text-red-700" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="issues-toggle">
          {t("errorsTitle")} ({issues.length})
        </button>
      ) : null}
      {open && issues.length ? (
        <ul className="absolute right-0 top-8 z-50 w-80 space-y-1 rounded-md border border-slate-200 bg-white p-2 shadow-lg" data-testid="issues-list">
          {issues.map((i, n) => (
            <li key={`${i.blockId}:${i.field}:${n}`}>
              <button
                type="button"
                className="w-full rounded px-2 py-1 text-left text-xs hover:bg-slate-50"
                onClick={() => {
                  setOpen(false);
                  dispatch({ type: "setUi", ui: { itemSelector: i.index === null ? null : { index: i.index, zone: ROOT_ZONE } } });
                }}
                data-testid="issue-item"
              >
                <span className="font-medium">{i.index === null ? t("pageField") : t("errorAt", { index: i.index + 1, block: i.type ? t(`blocks.${i.type}`) : "?" })}</span>
                {i.field ? <span className="text-slate-500"> · {fieldLabel(t, i.field)}</span> : null}
                <span className="block text-red-700">{i.message}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function fieldLabel(t: LooseT, field: string) {
  const [head = "", ...rest] = field.split(".");
  const name = t.has(`fields.${head}`) ? t(`fields.${head}`) : head;
  return [name, ...rest.map((r) => (/^\d+$/.test(r) ? `#${Number(r) + 1}` : t.has(`fields.${r}`) ? t(`fields.${r}`) : r))].join(" › ");
}

/** Problems of the selected block that belong to no single field (e.g. a hotspot outside its picture), above its fields. */
function BlockMessages() {
  const id = useSelectedId();
  const { issues } = useContext(EditorContext);
  const t = useTranslations("editor") as unknown as LooseT;
  // Top-level fields show their own message; the block as a whole and array items (often collapsed) show here.
  const entries = Object.entries(issues[id] ?? {}).filter(([field]) => field === "" || field.includes("."));
  if (!entries.length) return null;
  return (
    <ul className="m-3 space-y-1 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-700" data-testid="block-issues">
      {entries.map(([field, m]) => (
        <li key={field}>
          {field ? `${fieldLabel(t, field)}: ` : ""}
          {m}
        </li>
      ))}
    </ul>
  );
}

const withMessage = (Type: "text" | "textarea" | "number" | "select" | "radio" | "array") =>
  function FieldWithMessage({ children, name }: { children: React.ReactNode; name: string }) {
    return (
      <div data-field-type={Type} data-field-name={fieldPath(name)}>
        {children}
        <FieldMessage name={name} />
      </div>
    );
  };

const OVERRIDES: Partial<Overrides> = {
  headerActions: () => <HeaderStatus />,
  fields: ({ children }) => (
    <div>
      <BlockMessages />
      {children}
    </div>
  ),
  fieldTypes: {
    text: withMessage("text"),
    textarea: withMessage("textarea"),
    number: withMessage("number"),
    select: withMessage("select"),
    radio: withMessage("radio"),
    array: withMessage("array"),
  },
};
