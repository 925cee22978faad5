/**
 * The one input rule, shared by every workflow's console input and every
 * handler's event (and, through lib/config, by CDK context and CLI flags):
 *
 * - unknown keys are refused with the nearest known key
 *   ("unknown field `dryrun`; did you mean `dryRun`?");
 * - empty or whitespace-only strings are refused (never "use the default");
 * - dates are real calendar dates in ISO-8601 with `Z` or an offset
 *   (fractional seconds, as Step Functions writes them, are fine);
 * - identifiers follow the AWS rules, in lower case, ASCII only;
 * - local-only fields (`clockOverride`) are refused outside the local runner.
 *
 * Build a workflow's input schema in lambdas/domain/inputs/<workflow>.ts with
 * `strictInput({...})` and these field schemas, give it an `example` (the
 * README and runbook show it; a test validates it), and parse events with
 * `parseInput(schema, event, 'input')`. Pure: zod only, no SDK.
 */
import { z } from 'zod';
import { InvalidInput } from '../../errors';
import { unknownKeyMessage } from './nearest-key';

export interface FieldProblem {
  /** Dotted path of the field, e.g. `input.dryRun` or `input.databases[1]`. */
  field: string;
  message: string;
}

/** `a.b[1].c` from a zod path. */
export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Readable problems from zod issues: the field named, our own messages kept, zod's defaults reworded. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const iss of issues) {
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) out.push({ field: fieldPath(root, [...iss.path, key]), message: iss.message });
      continue;
    }
    if (iss.code === 'invalid_union' && iss.errors.length > 0) {
      // Report the branch that got furthest (most specific) rather than "invalid input".
      const best = [...iss.errors].sort((a, b) => b.length - a.length)[0];
      out.push(...describeIssues(best, fieldPath(root, iss.path)));
      continue;
    }
    out.push({ field: fieldPath(root, iss.path) || root || 'input', message: iss.message });
  }
  return out;
}

/** Parses `input` with `schema`; on failure throws InvalidInput naming the first bad field (the message lists them all). */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, root = ''): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const problems = describeIssues(r.error.issues, root);
  const [first, ...rest] = problems;
  const more = rest.length ? `; also ${rest.map((p) => `${p.field}: ${p.message}`).join('; ')}` : '';
  throw new InvalidInput(first.field, `${first.message}${more}`);
}

/**
 * A JSON object with exactly these fields: an unknown key is refused naming the
 * nearest known one; a non-object says which fields are expected.
 */
export function strictInput<S extends z.ZodRawShape>(shape: S, noun = 'field') {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') return unknownKeyMessage(iss.keys[0], known, noun);
      if (iss.code === 'invalid_type') return `must be a JSON object with the ${noun}s ${known.join(', ')}; got ${show(iss.input)}`;
      return undefined;
    },
  });
}

/** A required string, trimmed-equal (no leading/trailing spaces), not empty, checked by `rule` (a problem sentence or undefined). */
export function text(allowed: string, rule?: (v: string) => string | undefined) {
  return z
    .string({
      error: (iss) => (iss.input === undefined ? `is required: ${allowed}` : `must be a string (${allowed}); got ${show(iss.input)}`),
    })
    .superRefine((v, ctx) => {
      if (v.trim() === '') {
        ctx.addIssue({ code: 'custom', message: `is empty; give ${allowed}` });
        return;
      }
      if (v.trim() !== v) {
        ctx.addIssue({ code: 'custom', message: `${show(v)} has leading or trailing spaces; give ${allowed}` });
        return;
      }
      const p = rule?.(v);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    });
}

/** One of a few literal strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, what = 'allowed') {
  return z.enum(values, { error: (iss) => `${show(iss.input)} is not allowed; ${what}: ${values.map((v) => `"${v}"`).join(', ')}` });
}

/** A JSON boolean (true / false), never the string "true". */
export function flag(meaning: string) {
  return z.boolean({ error: (iss) => `must be true or false (${meaning}); got ${show(iss.input)}` });
}

/** A whole number in [min, max]. */
export function wholeNumber(min: number, max: number, unit = '') {
  const allowed = `a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}`;
  return z.number({ error: (iss) => `must be ${allowed}; got ${show(iss.input)}` }).superRefine((n, ctx) => {
    if (!Number.isInteger(n) || n < min || n > max) ctx.addIssue({ code: 'custom', message: `${n} is not allowed; must be ${allowed}` });
  });
}

// ---------------------------------------------------------------------------
// Dates

const ISO_EXAMPLE = '2026-11-24T06:00:00Z';
const ISO_OFFSET = z.iso.datetime({ offset: true });

/** Problem sentence for a timestamp that is not a real ISO-8601 date-time with `Z` or an offset; undefined when fine. */
export function isoDateTimeProblem(v: string): string | undefined {
  if (ISO_OFFSET.safeParse(v).success) return undefined;
  const shape = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(v);
  if (shape) return `"${v}" is not a real calendar date and time (e.g. ${ISO_EXAMPLE}; February has 28 or 29 days)`;
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(v)) return `"${v}" has no time zone; add Z or an offset such as +02:00 (e.g. ${ISO_EXAMPLE})`;
  return `"${v}" is not an ISO-8601 date-time with Z or an offset (e.g. ${ISO_EXAMPLE} or 2026-11-24T07:00:00.123+01:00)`;
}

/** An ISO-8601 date-time with `Z` or an offset, a real calendar date; fractional seconds allowed. */
export function isoDateTime() {
  return text(`an ISO-8601 date-time with Z or an offset (e.g. ${ISO_EXAMPLE})`, isoDateTimeProblem);
}

// ---------------------------------------------------------------------------
// Identifiers (AWS rules, lower case: RDS and ElastiCache store them lower-cased)

function identifierProblem(kind: string, max: number) {
  const rule = `1-${max} lowercase ASCII letters, digits and hyphens; starts with a letter; no "--"; not ending in "-"`;
  return {
    rule,
    check: (v: string): string | undefined => {
      if (v.length > max) return `"${v.slice(0, 40)}..." is ${v.length} characters long; a ${kind} has at most ${max} (${rule})`;
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
      if (/[^\x00-\x7f]/.test(v)) return `${show(v)} contains non-ASCII characters; a ${kind} is ${rule}`;
      if (/[A-Z]/.test(v) && /^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-))*$/.test(v) && !v.endsWith('-')) {
        return `"${v}" has upper-case letters; AWS stores a ${kind} in lower case: use "${v.toLowerCase()}"`;
      }
      if (!/^[a-z](?:[a-z0-9]|-(?!-))*$/.test(v) || v.endsWith('-')) return `"${v}" is not a valid ${kind} (${rule})`;
      return undefined;
    },
  };
}

export const RDS_INSTANCE_ID = identifierProblem('RDS instance identifier', 63);
export const REDIS_GROUP_ID = identifierProblem('ElastiCache replication group id', 40);

export function rdsInstanceId() {
  return text(`an RDS instance identifier (${RDS_INSTANCE_ID.rule})`, RDS_INSTANCE_ID.check);
}

export function redisGroupId() {
  return text(`an ElastiCache replication group id (${REDIS_GROUP_ID.rule})`, REDIS_GROUP_ID.check);
}

// ---------------------------------------------------------------------------
// Local-only fields

/** Set to "true" by the local runner (local/local-environment.ts) before it calls handlers in-process; never by CDK. */
export const LOCAL_RUNNER_ENV = 'MUEJAM_LOCAL_RUN';

export function isLocalRunner(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[LOCAL_RUNNER_ENV] === 'true';
}

/** A field only the local runner may set (e.g. `clockOverride`); refused in a deployed Lambda. */
export function localOnly<T extends z.ZodType>(schema: T, _name: string, allowed: () => boolean = isLocalRunner) {
  return schema.superRefine((_v, ctx) => {
    if (!allowed()) {
      ctx.addIssue({
        code: 'custom',
        message:
          'is accepted only by the local runner (tests and the rehearsal); a deployed workflow always runs at the current time: remove the field',
      });
    }
  });
}
