/**
 * The verdict on one Redis backup: every exported object exists in both regions
 * with the same size, the two copies are equal byte for byte, and the content is
 * a valid RDB file (header, EOF opcode, CRC-64). Pure.
 */
import type { RdbVerification } from '../rdb/verify-rdb';

export interface ObjectCheck {
  key: string;
  primaryBytes?: number;
  backupBytes?: number;
  /** Bytes compared between the two copies. */
  comparedBytes: number;
  /** Offset of the first byte that differs, when one does. */
  firstDifferenceAt?: number;
  rdb?: RdbVerification;
}

export interface RedisVerification {
  isValid: boolean;
  checks: string[];
  failures: string[];
}

export function judgeRedisBackup(expectedShards: number, objects: ObjectCheck[]): RedisVerification {
  const checks: string[] = [];
  const failures: string[] = [];
  const check = (ok: boolean, pass: string, fail: string) => (ok ? checks : failures).push(ok ? pass : fail);

  check(
    objects.length === expectedShards && expectedShards > 0,
    `${objects.length} exported object(s), one per shard`,
    `expected ${expectedShards} exported object(s) (one per shard), found ${objects.length}`,
  );
  for (const o of objects) {
    const where = o.key;
    check(o.primaryBytes !== undefined, `${where}: present in the primary region`, `${where}: missing in the primary region`);
    check(o.backupBytes !== undefined, `${where}: present in the backup region`, `${where}: missing in the backup region`);
    if (o.primaryBytes === undefined || o.backupBytes === undefined) continue;
    check(
      o.primaryBytes === o.backupBytes,
      `${where}: same size in both regions (${o.primaryBytes} bytes)`,
      `${where}: size differs: ${o.primaryBytes} bytes in the primary region, ${o.backupBytes} in the backup region`,
    );
    check(
      o.firstDifferenceAt === undefined && o.comparedBytes === o.primaryBytes && o.primaryBytes === o.backupBytes,
      `${where}: copies equal byte for byte`,
      o.firstDifferenceAt !== undefined
        ? `${where}: copies differ at byte ${o.firstDifferenceAt}`
        : `${where}: only ${o.comparedBytes} of ${o.primaryBytes} bytes were compared`,
    );
    const rdb = o.rdb;
    check(
      rdb?.valid === true,
      `${where}: valid RDB (${rdb?.magic} ${rdb?.version}, CRC-64 ${rdb?.storedCrc})`,
      `${where}: not a valid RDB file: ${rdb?.failure?.reason ?? 'not verified'}`,
    );
  }
  return { isValid: failures.length === 0, checks, failures };
}
