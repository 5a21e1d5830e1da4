/**
 * Puck's data ↔ our page document. A Puck content item {type, props: {id, ...}}
 * is a block {id, type, props}; the page's title is Puck's root field. Block
 * props are kept as they are (the fields edit them in place), so a zod issue
 * path ["blocks", 3, "props", "slides", 0, "image"] names a Puck field
 * "slides[0].image" of the fourth item.
 */
import { isBlockType, parseDocument, type Block, type BlockType, type DocumentIssue, type PageDocument } from "@/packages/decoration/src";

export type PuckItem = { type: string; props: { id: string } & Record<string, unknown> };
export type PuckPageData = { root: { props: { title: string } }; content: PuckItem[] };

/** The fields Puck adds to a rendered component's props that are no block prop. */
const PUCK_OWN = new Set(["id", "puck", "editMode"]);

export function blockProps(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !PUCK_OWN.has(k)));
}

export function toPuckData(doc: PageDocument): PuckPageData {
  return {
    root: { props: { title: doc.title } },
    content: doc.blocks.map((b) => ({ type: b.type, props: { ...(b.props as Record<string, unknown>), id: b.id } })),
  };
}

/**
 * The document a save sends: the page's identity (kind, slug, version) from
 * the loaded document, the title and blocks from Puck. Not yet validated.
 */
export function fromPuckData(data: { root?: { props?: { title?: unknown } }; content?: { type: string; props: Record<string, unknown> }[] }, page: Pick<PageDocument, "version" | "kind" | "slug">) {
  const title = data.root?.props?.title;
  return {
    version: page.version,
    kind: page.kind,
    ...(page.slug ? { slug: page.slug } : {}),
    title: typeof title === "string" ? title : "",
    blocks: (data.content ?? []).map((c) => ({ id: String(c.props.id), type: c.type, props: blockProps(c.props) })) as unknown as Block[],
  };
}

/** A Puck field name ("slides[0].image") as our dotted path ("slides.0.image"). */
export const fieldPath = (puckName: string) => puckName.replace(/\[(\d+)\]/g, ".$1");

export type BlockIssue = {
  /** block id, or "root" for the page's own fields */
  blockId: string;
  index: number | null;
  type: BlockType | null;
  /** dotted path inside the block's props ("slides.0.image"), "" for the block as a whole */
  field: string;
  message: string;
  params?: Record<string, string | number>;
};

/**
 * Where a document issue belongs: "blocks.3.props.title" (server field errors
 * use the same path, dotted) → the fourth block's "title" field.
 */
export function locateIssue(path: (string | number)[] | string, doc: { blocks: { id: string; type: string }[] }, message: string, params?: Record<string, string | number>): BlockIssue {
  const parts = typeof path === "string" ? path.split(".").filter(Boolean) : path.map(String);
  if (parts[0] === "blocks" && parts.length >= 2 && /^\d+$/.test(parts[1]!)) {
    const index = Number(parts[1]);
    const block = doc.blocks[index];
    const rest = parts[2] === "props" ? parts.slice(3) : parts.slice(2);
    return { blockId: block?.id ?? `#${index}`, index, type: block && isBlockType(block.type) ? block.type : null, field: rest.join("."), message, params };
  }
  return { blockId: "root", index: null, type: null, field: parts.join("."), message, params };
}

/** Every problem of a document as the server would see it (schemas and limits; references are the server's). */
export function documentIssues(raw: ReturnType<typeof fromPuckData>): BlockIssue[] {
  const parsed = parseDocument(raw);
  if (parsed.ok) return [];
  return parsed.issues.map((i: DocumentIssue) => locateIssue(i.path, raw, i.message, i.params));
}

/** Issues by block id and field, for the field messages and the canvas outline. */
export function issuesByBlock(issues: BlockIssue[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const i of issues) (out[i.blockId] ??= {})[i.field] ??= i.message;
  return out;
}
