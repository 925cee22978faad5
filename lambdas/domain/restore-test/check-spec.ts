/**
 * What the restore test checks in the restored database, as configured in cdk.json
 * (`muejam.restoreTest.*`), and the synth-time rules that refuse a bad check. Pure.
 *
 * A configured check is `{ name, sql, expect }`: `sql` is ONE read-only statement
 * (SELECT / WITH / VALUES / TABLE; it also runs inside a READ ONLY transaction with a
 * statement timeout), `expect` exactly one of:
 *   - `{ "minRows": n }`       the statement returns at least n rows;
 *   - `{ "equals": v }`        the first column of the first row equals v (string, number or boolean);
 *   - `{ "maxAgeMinutes": n }` the first column of the first row is a timestamp at most n minutes
 *                              older than the backup's creation time (the recovery point).
 */

export type Expectation = { minRows: number } | { equals: string | number | boolean } | { maxAgeMinutes: number };

export const EXPECTATION_KINDS = ['minRows', 'equals', 'maxAgeMinutes'] as const;
export type ExpectationKind = (typeof EXPECTATION_KINDS)[number];

export interface SqlCheckSpec {
  name: string;
  sql: string;
  expect: Expectation;
}

/** `schema.table.column` whose max() is the newest write in the data: the RPO measured from the data. */
export interface TimestampColumn {
  schema: string;
  table: string;
  column: string;
}

export interface CheckPlan {
  /** Database name to connect to on the restored instance. */
  database: string;
  /** Every table of these schemas must be readable. */
  schemas: string[];
  /** `schema.table` -> minimum row count. */
  tableMinimums: Record<string, number>;
  /** The column giving the data's newest write (absent: no RPO-from-data figure). */
  timestampColumn?: TimestampColumn;
  checks: SqlCheckSpec[];
  /** `schema.index` checked with amcheck's bt_index_check (empty: no deep check). */
  amcheckIndexes: string[];
}

export const CHECK_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
export const CHECK_NAME_RULE = '1-64 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit';
export const IDENTIFIER = /^[a-z_][a-z0-9_$]{0,62}$/;
export const IDENTIFIER_RULE =
  'a lower-case PostgreSQL identifier (letters, digits, "_" or "$", starting with a letter or "_", at most 63)';
export const SQL_MAX_LENGTH = 4000;

const WRITE_KEYWORDS = [
  'insert',
  'update',
  'delete',
  'merge',
  'drop',
  'alter',
  'create',
  'truncate',
  'grant',
  'revoke',
  'copy',
  'vacuum',
  'analyze',
  'reindex',
  'cluster',
  'call',
  'do',
  'lock',
  'set',
  'reset',
  'comment',
  'refresh',
  'listen',
  'notify',
  'prepare',
  'execute',
  'begin',
  'commit',
  'rollback',
  'savepoint',
];
const DOLLAR_TAG = /^\$[A-Za-z_]*\$/;
const READ_STARTS = ['select', 'with', 'values', 'table'];

/** The SQL with comments, string literals and quoted identifiers blanked, or a problem if one is not closed. */
function blankLiterals(sql: string): { text: string } | { problem: string } {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      out += ' ';
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) return { problem: 'a /* comment is not closed' };
      i = end + 2;
      out += ' ';
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) return { problem: `a ${c === "'" ? 'string literal' : 'quoted identifier'} is not closed` };
        if (sql[j] === c && sql[j + 1] === c) j += 2;
        else if (sql[j] === c) break;
        else j += 1;
      }
      out += c === "'" ? "''" : '"x"';
      i = j + 1;
    } else if (c === '$' && DOLLAR_TAG.test(sql.slice(i))) {
      const tag = DOLLAR_TAG.exec(sql.slice(i))?.[0] ?? '$$';
      const end = sql.indexOf(tag, i + tag.length);
      if (end === -1) return { problem: `a dollar-quoted string ${tag} is not closed` };
      out += "''";
      i = end + tag.length;
    } else {
      out += c;
      i += 1;
    }
  }
  return { text: out };
}

/**
 * Why a configured check's SQL is refused, or undefined when it is one read-only statement.
 * Synth-time guard; the runner also runs every check in a READ ONLY transaction.
 */
export function sqlProblem(sql: unknown): string | undefined {
  if (typeof sql !== 'string' || !sql.trim()) return 'must be a non-empty SQL string';
  if (sql.length > SQL_MAX_LENGTH) return `is ${sql.length} characters long; at most ${SQL_MAX_LENGTH} are allowed`;
  const blanked = blankLiterals(sql);
  if ('problem' in blanked) return `is not valid SQL: ${blanked.problem}`;
  const text = blanked.text.trim().replace(/;\s*$/, '');
  if (text.includes(';')) return 'must be ONE statement (no ";" except at the end)';
  const words = text.toLowerCase().match(/[a-z_]+/g) ?? [];
  if (!READ_STARTS.includes(words[0] ?? ''))
    return `must start with ${READ_STARTS.map((w) => w.toUpperCase()).join(', ')} (a read-only query)`;
  const write = words.find((w) => WRITE_KEYWORDS.includes(w));
  if (write) return `must be read-only: "${write.toUpperCase()}" is not allowed in a check`;
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (depth < 0) return 'is not valid SQL: a ")" has no matching "("';
  }
  if (depth !== 0) return 'is not valid SQL: a "(" is not closed';
  if (/^select\s*$/i.test(text)) return 'is not valid SQL: SELECT of nothing';
  return undefined;
}

/** Why an `expect` value is refused, or undefined. */
export function expectationProblem(expect: unknown): string | undefined {
  const allowed = `allowed: exactly one of ${EXPECTATION_KINDS.map((k) => `{"${k}": ...}`).join(', ')}`;
  if (typeof expect !== 'object' || expect === null || Array.isArray(expect)) return `must be an object; ${allowed}`;
  const keys = Object.keys(expect);
  const unknown = keys.find((k) => !(EXPECTATION_KINDS as readonly string[]).includes(k));
  if (unknown) return `unknown expectation "${unknown}"; ${allowed}`;
  if (keys.length !== 1) return `has ${keys.length} expectations; ${allowed}`;
  const [kind] = keys as ExpectationKind[];
  const v = (expect as Record<string, unknown>)[kind];
  if (kind === 'minRows' && !(Number.isInteger(v) && (v as number) >= 0)) return 'minRows must be a whole number, 0 or more';
  if (kind === 'maxAgeMinutes' && !(typeof v === 'number' && Number.isFinite(v) && v > 0))
    return 'maxAgeMinutes must be a number of minutes above 0';
  if (kind === 'equals' && !['string', 'number', 'boolean'].includes(typeof v)) return 'equals must be a string, a number or a boolean';
  return undefined;
}

/** The kind of a valid expectation. */
export function expectationKind(expect: Expectation): ExpectationKind {
  return Object.keys(expect)[0] as ExpectationKind;
}

/** Parses `schema.table` (or `schema.table.column` when `parts` is 3); undefined when not that shape. */
export function qualifiedName(value: string, parts: 2 | 3): string[] | undefined {
  const p = value.split('.');
  return p.length === parts && p.every((x) => IDENTIFIER.test(x)) ? p : undefined;
}

/** `"schema"."table"`: identifiers already validated, quoted anyway. */
export function quoteQualified(...parts: string[]): string {
  return parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
}
