/**
 * Reading one CDK context value (cdk.json gives typed JSON; `-c key=value`
 * gives strings) into a typed value, with zod. Every field of every area file
 * is built with `contextValue(...)`: it refuses an empty or whitespace-only
 * value ("`muejam.retention.floor` is empty; remove it to use the default 3, or
 * give a whole number from 1 to 100"), converts strings to numbers / lists /
 * booleans, and then runs the field's value schema (often the same schema the
 * Lambdas parse their settings with, from lambdas/domain/settings/).
 */
import { z } from 'zod';

export const CONTEXT_PREFIX = 'muejam.';

/** Thrown when one or more context values are invalid; the message has one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid muejam-backup-dr configuration (cdk.json context or -c):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export type ContextLookup = (key: string) => unknown;

export type ValueKind = 'string' | 'number' | 'list' | 'boolean';

export interface ContextValueSpec<T> {
  kind: ValueKind;
  /** Schema of the converted value. A `custom` issue's message is shown as is; any other issue shows `allowed`. */
  value: z.ZodType<T>;
  /** What is allowed, for messages ("a whole number from 1 to 100"). */
  allowed: string;
  /** The value when the key is absent; absent with no default = the field stays undefined. */
  default?: T;
  /** How the default is shown in the "is empty" message (defaults to its JSON). */
  defaultText?: string;
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

function convert(kind: ValueKind, raw: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (kind) {
    case 'string':
      return typeof raw === 'string' ? { ok: true, value: raw.trim() } : { ok: false, message: `must be a string, got ${show(raw)}` };
    case 'number':
      if (typeof raw === 'number') return { ok: true, value: raw };
      if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) return { ok: true, value: Number(raw.trim()) };
      return { ok: false, message: '' };
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      return { ok: false, message: `${show(raw)} is not allowed; must be true or false` };
    case 'list': {
      let v = raw;
      if (typeof v === 'string') {
        const s = v.trim();
        if (s.startsWith('[')) {
          try {
            v = JSON.parse(s);
          } catch {
            return { ok: false, message: `${show(s)} is not a JSON array; allowed: ["a","b"] or a,b` };
          }
        } else {
          v = s.split(',').map((x) => x.trim());
        }
      }
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
        return { ok: false, message: `must be a list of strings, got ${show(v)}` };
      return { ok: true, value: (v as string[]).map((x) => x.trim()) };
    }
  }
}

/** A zod schema for one context key's raw value; its output is the typed value (or undefined when absent without default). */
export function contextValue<T>(spec: ContextValueSpec<T> & { default: T }): z.ZodType<T, unknown>;
export function contextValue<T>(spec: ContextValueSpec<T>): z.ZodType<T | undefined, unknown>;
export function contextValue<T>(spec: ContextValueSpec<T>): z.ZodType<T | undefined, unknown> {
  return z.unknown().transform((raw, ctx): T | undefined => {
    if (raw === undefined || raw === null) return spec.default;
    if (typeof raw === 'string' && raw.trim() === '') {
      const remedy =
        spec.default === undefined
          ? 'remove it to leave it unset'
          : `remove it to use the default ${spec.defaultText ?? show(spec.default)}`;
      ctx.addIssue({ code: 'custom', message: `is empty; ${remedy}, or give ${spec.allowed}` });
      return z.NEVER;
    }
    const c = convert(spec.kind, raw);
    if (!c.ok) {
      ctx.addIssue({ code: 'custom', message: c.message || `${show(raw)} is not allowed; must be ${spec.allowed}` });
      return z.NEVER;
    }
    const r = spec.value.safeParse(c.value);
    if (r.success) return r.data;
    for (const iss of r.error.issues) {
      const message = iss.code === 'custom' ? iss.message : `${show(c.value)} is not allowed; must be ${spec.allowed}`;
      ctx.addIssue({ code: 'custom', message, path: iss.path as (string | number)[] });
    }
    return z.NEVER;
  });
}

/** A value schema from a rule helper (a problem sentence or undefined). */
export function ruled<T>(base: z.ZodType<T>, rule: (v: T) => string | undefined): z.ZodType<T> {
  return base.superRefine((v, ctx) => {
    const p = rule(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });
}

/** A number in [min, max] (integers only unless `decimals`), with the existing wording. */
export function numberValue(min: number, max: number, decimals = false): { value: z.ZodType<number>; allowed: string } {
  const allowed = `${decimals ? 'a number' : 'a whole number'} from ${min} to ${max}`;
  return {
    allowed,
    value: ruled(z.number(), (n) =>
      !Number.isFinite(n) || (!decimals && !Number.isInteger(n)) || n < min || n > max
        ? `${n} is not allowed; must be ${allowed}`
        : undefined,
    ),
  };
}
