/**
 * What the docs tell a user to type, extracted from Markdown: shell commands
 * (fenced bash/sh blocks, and inline code that starts with `npm `, `npx ` or
 * `aws `) and console inputs (inline code that starts with `{`). Each item
 * keeps its file, line, the heading it is under and, in a table row, the CLI
 * command of the same row (which names the workflow of a console input).
 * Pure: no process, no AWS.
 */
import { splitAndAnd } from './shell-words';

export interface DocItem {
  file: string;
  line: number;
  kind: 'shell' | 'json' | 'json-block';
  /** The command (continuation lines joined) or the JSON text, as written. */
  text: string;
  /** The nearest heading above it. */
  heading: string;
  /** Text of the section from its heading down to this item (names the workflow of a console input). */
  before: string;
  /** In a table row: the row's cells. */
  row?: string[];
  /** `# ...` comment lines right below a command in a fenced block: the output the docs promise. */
  expectedOutput?: string;
}

const SHELL_FENCES = new Set(['bash', 'sh', 'shell', 'console']);
const SHELL_INLINE = /^(npm|npx|aws) /;

/** Inline code spans of one line, with a table's escaped pipes (`\|`) unescaped. */
function inlineSpans(line: string): string[] {
  const spans: string[] = [];
  const re = /`([^`]+)`/g;
  for (let m = re.exec(line); m; m = re.exec(line)) spans.push(m[1].replace(/\\\|/g, '|'));
  return spans;
}

const ESCAPED_PIPE = '\u{e000}';

function tableCells(line: string): string[] | undefined {
  if (!/^\s*\|/.test(line)) return undefined;
  return line
    .replace(/\\\|/g, ESCAPED_PIPE)
    .split('|')
    .slice(1, -1)
    .map((c) => c.split(ESCAPED_PIPE).join('|').trim());
}

export function extractDocItems(file: string, markdown: string): DocItem[] {
  const lines = markdown.split('\n');
  const items: DocItem[] = [];
  let heading = '(top)';
  let sectionStart = 0;
  let fence: string | undefined;
  let fenceStart = 0;
  let block: { text: string; line: number }[] = [];
  const before = (i: number) => lines.slice(sectionStart, i + 1).join('\n');

  const flushShellBlock = () => {
    let pending: { text: string; line: number } | undefined;
    let last: DocItem | undefined;
    for (const b of block) {
      const t = b.text.trim();
      if (pending) {
        pending.text += ` ${t.replace(/\\$/, '').trim()}`;
        if (!t.endsWith('\\')) {
          last = pushShell(pending.text, pending.line);
          pending = undefined;
        }
        continue;
      }
      if (t === '') {
        last = undefined;
        continue;
      }
      if (t.startsWith('#')) {
        if (last) last.expectedOutput = [last.expectedOutput, t.replace(/^#\s?/, '')].filter(Boolean).join('\n');
        continue;
      }
      if (t.endsWith('\\')) pending = { text: t.replace(/\\$/, '').trim(), line: b.line };
      else last = pushShell(t, b.line);
    }
  };
  const pushShell = (text: string, line: number): DocItem | undefined => {
    let item: DocItem | undefined;
    for (const part of splitAndAnd(text)) {
      item = { file, line, kind: 'shell', text: part, heading, before: before(line - 1) };
      items.push(item);
    }
    return item;
  };

  lines.forEach((raw, i) => {
    const fenceMatch = raw.match(/^\s*```\s*([\w-]*)/);
    if (fenceMatch) {
      if (fence === undefined) {
        fence = fenceMatch[1] || 'text';
        fenceStart = i + 1;
        block = [];
      } else {
        if (SHELL_FENCES.has(fence)) flushShellBlock();
        if (fence === 'json')
          items.push({ file, line: fenceStart, kind: 'json-block', text: block.map((b) => b.text).join('\n'), heading, before: before(i) });
        fence = undefined;
      }
      return;
    }
    if (fence !== undefined) {
      block.push({ text: raw, line: i + 1 });
      return;
    }
    const h = raw.match(/^#{1,6}\s+(.*?)\s*(<a id=.*)?$/);
    if (h) {
      heading = h[1];
      sectionStart = i;
      return;
    }
    const row = tableCells(raw);
    for (const span of inlineSpans(raw)) {
      const base = { file, line: i + 1, heading, before: before(i), ...(row ? { row } : {}) };
      if (SHELL_INLINE.test(span)) for (const part of splitAndAnd(span)) items.push({ ...base, kind: 'shell', text: part });
      else if (span.trimStart().startsWith('{')) items.push({ ...base, kind: 'json', text: span });
    }
  });
  return items;
}

/**
 * A usage line as the docs write it (`cleanup <db> [--dry-run]`, `--region primary|backup`)
 * made runnable: `<placeholder>`s replaced from `placeholders`; an optional `[...]` part is
 * kept when it holds no alternative (`|`) and no placeholder, else dropped.
 * Throws, naming the placeholder, when one is unknown.
 */
export function runnableForm(command: string, placeholders: Record<string, string>): string {
  const withoutOptional = command.replace(/\s*\[([^\]]*)\]/g, (_whole, inner: string) => (/[|<]/.test(inner) ? '' : ` ${inner}`));
  return withoutOptional.replace(/<([^>]+)>/g, (whole, name: string) => {
    if (!(name in placeholders)) {
      throw new Error(
        `placeholder ${whole} has no value in the docs test: add "${name}" to PLACEHOLDERS in test/docs/documented-commands.test.ts`,
      );
    }
    return placeholders[name];
  });
}
