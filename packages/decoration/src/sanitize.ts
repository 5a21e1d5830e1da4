/**
 * Rich text as merchants and distributors may store it: a small set of
 * formatting tags, pictures from the shop's own uploads, nothing that runs.
 * Parsed with htmlparser2 (pure JS, so the mini-program can bundle it); the
 * output is rebuilt from the allow-list, never passed through.
 */
import { Parser } from "htmlparser2";

const ALLOWED: Record<string, readonly string[]> = {
  p: [], br: [], strong: [], b: [], em: [], i: [], u: [], s: [], h2: [], h3: [], h4: [],
  ul: [], ol: [], li: [], blockquote: [], span: [], img: ["src", "alt"],
};
const VOID = new Set(["br", "img"]);
/** Tags whose presence is refused (with their content dropped on render). */
const DANGEROUS = new Set(["script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button", "textarea", "select", "link", "meta", "base", "svg", "math", "template", "noscript"]);

export type RichTextProblem = "script" | "handler" | "frame" | "url";

const escText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escAttr = (s: string) => escText(s).replace(/"/g, "&quot;");
const scriptUrl = (v: string) => /^\s*(javascript|vbscript|data):/i.test(v.replace(/[\u0000-\u001f\s]+/g, ""));

/**
 * The clean HTML and what was refused in the input: `script` (script-like
 * tags), `handler` (on… attributes), `frame` (iframes, embeds), `url`
 * (javascript:/data: URLs). Unknown harmless tags are unwrapped, unknown
 * attributes dropped, links kept as text.
 */
export function inspectRichText(html: string): { html: string; problems: RichTextProblem[] } {
  const problems = new Set<RichTextProblem>();
  const out: string[] = [];
  const open: string[] = [];
  let skipping = 0; // depth inside a dangerous element
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (DANGEROUS.has(name)) {
          problems.add(name === "iframe" || name === "frame" || name === "frameset" || name === "object" || name === "embed" || name === "applet" ? "frame" : "script");
          if (!VOID.has(name)) skipping++;
          return;
        }
        for (const [k, v] of Object.entries(attribs)) {
          if (/^on/i.test(k)) problems.add("handler");
          if (scriptUrl(v)) problems.add("url");
        }
        if (skipping) return;
        const allowed = ALLOWED[name];
        if (!allowed) return;
        const attrs = allowed
          .filter((a) => attribs[a] !== undefined && !scriptUrl(attribs[a]!))
          .map((a) => ` ${a}="${escAttr(attribs[a]!)}"`)
          .join("");
        out.push(`<${name}${attrs}>`);
        if (!VOID.has(name)) open.push(name);
      },
      ontext(text) {
        if (!skipping) out.push(escText(text));
      },
      onclosetag(name, implied) {
        if (DANGEROUS.has(name)) {
          if (!VOID.has(name) && skipping) skipping--;
          return;
        }
        if (skipping || !ALLOWED[name] || VOID.has(name)) return;
        const at = open.lastIndexOf(name);
        if (at < 0) return;
        while (open.length > at) out.push(`</${open.pop()}>`);
        void implied;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  while (open.length) out.push(`</${open.pop()}>`);
  return { html: out.join(""), problems: [...problems] };
}

export const sanitizeRichText = (html: string) => inspectRichText(html).html;

/** The pictures a rich text shows (to check they are the shop's own). */
export function richTextImages(html: string): string[] {
  const srcs: string[] = [];
  const p = new Parser({ onopentag: (name, a) => void (name === "img" && a.src !== undefined && srcs.push(a.src)) }, { decodeEntities: true, lowerCaseTags: true });
  p.write(html);
  p.end();
  return srcs;
}

/** Plain text of a rich text (moderation reads words, not tags). */
export function richTextPlain(html: string): string {
  const parts: string[] = [];
  const p = new Parser({ ontext: (t) => void parts.push(t), onopentag: (n, a) => void (n === "img" && a.alt && parts.push(` ${a.alt} `)) }, { decodeEntities: true });
  p.write(html);
  p.end();
  return parts.join(" ").replace(/\s+/g, " ").trim();
}
