/**
 * What the docs tell a user to type, extracted from Markdown: shell commands
 * (fenced bash/sh blocks; the `npm `, `npx ` and `aws ` lines of fenced blocks
 * without a language; inline code that starts with `npm `, `npx ` or `aws `;
 * inline CLI commands written short) and console inputs (inline code that
 * starts with `{`). Each item keeps its file, line, the heading it is under,
 * the introductions of the sections enclosing it and, in a table row, the row's
 * cells (whose CLI command names the workflow of a console input).
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
  /**
   * The introductions of the enclosing sections, nearest first: each from its heading to its first
   * sub-heading (a `## Database restore` that names the state machine above `### Restore from a snapshot`).
   */
  outer: string[];
  /** In a table row: the row's cells. */
  row?: string[];
  /** An inline CLI command written without `npm run cli --` (see extractDocItems). */
  cliFragment?: boolean;
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

/**
 * `cliCommands`: the names bin/cli.ts registers; an inline span that starts with one of them and
 * gives an option (`restore-pitr --time latest --region backup --to muejam-db-dr`) is the CLI
 * command written short, extracted as `npm run cli -- <span>` with `cliFragment` set.
 */
export function extractDocItems(file: string, markdown: string, cliCommands: readonly string[] = []): DocItem[] {
  const lines = markdown.split('\n');
  const items: DocItem[] = [];
  let heading = '(top)';
  let sectionStart = 0;
  /** The headings enclosing the current line, outermost first, each with where its introduction ends. */
  const enclosing: { level: number; start: number; firstChild?: number }[] = [];
  const outer = () =>
    enclosing
      .slice(0, -1)
      .reverse()
      .map((e) => lines.slice(e.start, e.firstChild).join('\n'));
  let fence: string | undefined;
  let fenceStart = 0;
  let block: { text: string; line: number }[] = [];
  const before = (i: number) => lines.slice(sectionStart, i + 1).join('\n');

  /** `onlyCommands`: a block without a language holds commands only on its `npm `/`npx `/`aws ` lines. */
  const flushShellBlock = (onlyCommands = false) => {
    let pending: { text: string; line: number } | undefined;
    let last: DocItem | undefined;
    for (const b of block) {
      const t = b.text.trim();
      if (onlyCommands && !pending && !SHELL_INLINE.test(t) && !(last && t.startsWith('#'))) {
        last = undefined;
        continue;
      }
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
      item = { file, line, kind: 'shell', text: part, heading, before: before(line - 1), outer: outer() };
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
        else if (fence === 'text') flushShellBlock(true);
        if (fence === 'json')
          items.push({
            file,
            line: fenceStart,
            kind: 'json-block',
            text: block.map((b) => b.text).join('\n'),
            heading,
            before: before(i),
            outer: outer(),
          });
        fence = undefined;
      }
      return;
    }
    if (fence !== undefined) {
      block.push({ text: raw, line: i + 1 });
      return;
    }
    const h = raw.match(/^(#{1,6})\s+(.*?)\s*(<a id=.*)?$/);
    if (h) {
      heading = h[2];
      sectionStart = i;
      while (enclosing.length && enclosing[enclosing.length - 1].level >= h[1].length) enclosing.pop();
      if (enclosing.length) enclosing[enclosing.length - 1].firstChild ??= i;
      enclosing.push({ level: h[1].length, start: i });
      return;
    }
    const row = tableCells(raw);
    for (const span of inlineSpans(raw)) {
      const base = { file, line: i + 1, heading, before: before(i), outer: outer(), ...(row ? { row } : {}) };
      if (SHELL_INLINE.test(span)) for (const part of splitAndAnd(span)) items.push({ ...base, kind: 'shell', text: part });
      else if (cliCommands.includes(span.split(' ')[0]) && / --[a-z]/.test(span))
        items.push({ ...base, kind: 'shell', text: `npm run cli -- ${span}`, cliFragment: true });
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
