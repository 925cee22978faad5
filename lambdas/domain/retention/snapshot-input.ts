/**
 * Validation of the snapshots handed to the plan. The service maps
 * DescribeDBSnapshots output into this shape; a malformed entry is a bug there,
 * so it stops the run (nothing is deleted) with the field named.
 */
import { InvalidInput } from '../../errors';
import type { RetentionSnapshot } from './types';

const NON_EMPTY = ['id', 'arn', 'region', 'resource'] as const;

export function validateRetentionSnapshots(input: unknown, field = 'snapshots'): RetentionSnapshot[] {
  if (!Array.isArray(input)) throw new InvalidInput(field, 'must be an array of snapshots');
  const seen = new Set<string>();
  input.forEach((s: unknown, i) => {
    const f = `${field}[${i}]`;
    if (!s || typeof s !== 'object') throw new InvalidInput(f, 'must be a snapshot object');
    const r = s as Record<string, unknown>;
    for (const k of NON_EMPTY) {
      if (typeof r[k] !== 'string' || (r[k] as string).trim() === '') {
        throw new InvalidInput(`${f}.${k}`, 'must be a non-empty string');
      }
    }
    for (const k of ['status', 'snapshotType'] as const) {
      if (typeof r[k] !== 'string') throw new InvalidInput(`${f}.${k}`, 'must be a string');
    }
    const c = r.createdAt;
    if (c !== undefined && !(c instanceof Date && !Number.isNaN(c.getTime()))) {
      throw new InvalidInput(`${f}.createdAt`, 'must be a valid Date, or undefined while the snapshot is being created');
    }
    const tags = r.tags;
    if (!tags || typeof tags !== 'object' || Array.isArray(tags)) {
      throw new InvalidInput(`${f}.tags`, 'must be an object of tag key to string value');
    }
    const t = tags as Record<string, unknown>;
    for (const k in t) {
      if (typeof t[k] !== 'string') throw new InvalidInput(`${f}.tags.${k}`, 'must be a string');
    }
    const arn = r.arn as string;
    if (seen.has(arn)) throw new InvalidInput(`${f}.arn`, `must be unique; ${arn} is listed twice`);
    seen.add(arn);
  });
  return input as RetentionSnapshot[];
}

export function validateNow(input: unknown, field = 'now'): number {
  if (!(input instanceof Date) || Number.isNaN(input.getTime())) {
    throw new InvalidInput(field, 'must be a valid Date');
  }
  return input.getTime();
}
