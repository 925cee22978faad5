/**
 * Names of the throwaway instances of one drill run: `<db>-dr<hash>-<role>`, where the hash
 * is of the drill's execution name, so a retried step finds the same names and two drills
 * never share one. Valid RDS identifiers (letter first, no "--", no trailing hyphen, <= 63).
 * Pure.
 */
import { validateRdsIdentifier } from '../backup/identifiers';

export type DrillRole = 'restore' | 'pitr' | 'replica';
const SUFFIX: Record<DrillRole, string> = { restore: 'r', pitr: 'p', replica: 'f' };

/** FNV-1a, 32 bits, as 8 hex digits: stable across runs and platforms. */
export function drillHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function drillInstanceName(database: string, drillId: string, role: DrillRole): string {
  const tail = `-dr${drillHash(drillId)}-${SUFFIX[role]}`;
  const head = database
    .toLowerCase()
    .slice(0, 63 - tail.length)
    .replace(/-+$/, '');
  return validateRdsIdentifier('drill instance name', `${head}${tail}`, 63);
}

export function drillInstanceNames(database: string, drillId: string): Record<DrillRole, string> {
  return {
    restore: drillInstanceName(database, drillId, 'restore'),
    pitr: drillInstanceName(database, drillId, 'pitr'),
    replica: drillInstanceName(database, drillId, 'replica'),
  };
}
