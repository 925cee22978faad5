/**
 * `muejam.databases`: the protected RDS instances, in one of two forms (mixable):
 *
 *   ["muejam-db-prod"]                                   (the string form)
 *   [{ "id": "muejam-db-prod",                           (the object form: restore settings per region)
 *      "restore": { "primary": {...}, "backup": { "subnetGroup": "dr-private", "securityGroupIds": ["sg-..."] } } }]
 *
 * In cdk.json a JSON array; with -c a,b or the same JSON as a string. The core area takes the ids
 * (`databaseIdsValue`), the restore area the settings (`databaseRestoreSettingsValue`); the settings
 * are checked by the same zod schema the restore Lambdas parse (lambdas/domain/settings/restore.ts).
 */
import { z } from 'zod';
import { DATABASE_RESTORE_SETTINGS, type DatabaseRestoreSettings } from '../../lambdas/domain/settings/restore';

export const DATABASES_ALLOWED =
  'a list of RDS instance identifiers, or of objects {"id": "<instance>", "restore": {"primary": {...}, "backup": {...}}} (JSON array in cdk.json; a,b or the JSON with -c)';

const ENTRY_KEYS = ['id', 'restore'];

type Entry = { id: string; restore?: unknown; index: number };

/** The entries of a raw value, or a problem sentence. */
function entries(raw: unknown): Entry[] | string {
  let v = raw;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return `is empty; remove it to use the default, or give ${DATABASES_ALLOWED}`;
    if (s.startsWith('[')) {
      try {
        v = JSON.parse(s);
      } catch {
        return `${JSON.stringify(s)} is not a JSON array; allowed: ${DATABASES_ALLOWED}`;
      }
    } else {
      v = s.split(',').map((x) => x.trim());
    }
  }
  if (!Array.isArray(v)) return `must be ${DATABASES_ALLOWED}, got ${JSON.stringify(v)}`;
  const out: Entry[] = [];
  for (const [index, e] of v.entries()) {
    if (typeof e === 'string') out.push({ id: e.trim(), index });
    else if (e && typeof e === 'object' && !Array.isArray(e) && typeof (e as { id?: unknown }).id === 'string') {
      const unknown = Object.keys(e).filter((k) => !ENTRY_KEYS.includes(k));
      if (unknown.length) return `[${index}]: unknown field "${unknown[0]}"; allowed: ${ENTRY_KEYS.join(', ')}`;
      out.push({ id: (e as { id: string }).id.trim(), restore: (e as { restore?: unknown }).restore, index });
    } else return `[${index}]: ${JSON.stringify(e)} is not allowed; each entry is an instance identifier or {"id": ..., "restore": {...}}`;
  }
  return out;
}

/** The ids (core area); their identifier rules are checked by the core area's own schema. */
export function databaseIdsValue(idsSchema: z.ZodType<string[]>) {
  return z.unknown().transform((raw, ctx) => {
    if (raw === undefined || raw === null) return idsSchema.parse(undefined);
    const e = entries(raw);
    if (typeof e === 'string') {
      ctx.addIssue({ code: 'custom', message: e });
      return z.NEVER;
    }
    const r = idsSchema.safeParse(e.map((x) => x.id));
    if (r.success) return r.data;
    for (const iss of r.error.issues) ctx.addIssue({ code: 'custom', message: iss.message, path: iss.path as (string | number)[] });
    return z.NEVER;
  });
}

/** The restore settings by database id (restore area); entries that are not objects have none. */
export const databaseRestoreSettingsValue = z.unknown().transform((raw, ctx): Record<string, DatabaseRestoreSettings> => {
  if (raw === undefined || raw === null) return {};
  const e = entries(raw);
  // The core area reports a malformed list; here only the settings are checked.
  if (typeof e === 'string') return {};
  const out: Record<string, DatabaseRestoreSettings> = {};
  for (const entry of e) {
    if (entry.restore === undefined) continue;
    const r = DATABASE_RESTORE_SETTINGS.safeParse(entry.restore);
    if (r.success) out[entry.id.toLowerCase()] = r.data;
    else
      for (const iss of r.error.issues)
        ctx.addIssue({ code: 'custom', message: iss.message, path: [entry.index, 'restore', ...(iss.path as (string | number)[])] });
  }
  return out;
});
