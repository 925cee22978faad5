/** Terminal output for the CLI and the rehearsal: headings, step lines, tables. Colour only on a TTY. */
export interface Output {
  heading(text: string): void;
  line(text?: string): void;
  ok(text: string): void;
  fail(text: string): void;
  info(text: string): void;
  warn(text: string): void;
  table(headers: string[], rows: (string | number)[][]): void;
}

const useColour = (s: NodeJS.WriteStream) => Boolean(s.isTTY) && !process.env.NO_COLOR;

export function createOutput(stream: NodeJS.WriteStream = process.stdout): Output {
  const c = (code: string, t: string) => (useColour(stream) ? `\x1b[${code}m${t}\x1b[0m` : t);
  const write = (t: string) => stream.write(`${t}\n`);
  return {
    heading: (t) => write(`\n${c('1', `== ${t}`)}`),
    line: (t = '') => write(t),
    ok: (t) => write(`  ${c('32', '✔')} ${t}`),
    fail: (t) => write(`  ${c('31', '✘')} ${t}`),
    info: (t) => write(`  ${c('36', '•')} ${t}`),
    warn: (t) => write(`  ${c('33', '!')} ${t}`),
    table: (headers, rows) => {
      for (const l of formatTable(headers, rows)) write(`  ${l}`);
    },
  };
}

/** Plain-text table lines (pure, tested). */
export function formatTable(headers: string[], rows: (string | number)[][]): string[] {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((v, i) => (v ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)];
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}
