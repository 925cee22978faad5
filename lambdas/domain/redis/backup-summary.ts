/** The figures of one finished Redis backup run, for metrics and the execution's output. Pure. */
export interface RedisBackupSummary {
  replicationGroupId: string;
  backupName: string;
  /** True when the day's snapshot already existed (a re-run made no new manual backup). */
  reusedSnapshot: boolean;
  objects: number;
  totalBytes: number;
  primaryLocation: string;
  backupLocation: string;
  markers: string[];
  backupDurationSeconds: number;
  isValid: boolean;
  verifiedAt: string;
}

const seconds = (from: string, to: Date) => Math.max(0, Math.round((to.getTime() - new Date(from).getTime()) / 1000));

export function summarizeRedisBackup(o: {
  backup: { replicationGroupId: string; backupName: string; reused: boolean };
  exported: { bucket: string; region: string; objects: { key: string }[]; totalBytes: number };
  copy: { bucket: string; region: string };
  verification: { isValid: boolean; verifiedAt?: string; markers?: string[] };
  executionStartTime: string;
  now: Date;
}): RedisBackupSummary {
  const name = o.backup.backupName;
  return {
    replicationGroupId: o.backup.replicationGroupId,
    backupName: name,
    reusedSnapshot: o.backup.reused,
    objects: o.exported.objects.length,
    totalBytes: o.exported.totalBytes,
    primaryLocation: `s3://${o.exported.bucket}/${name}-*.rdb (${o.exported.region})`,
    backupLocation: `s3://${o.copy.bucket}/${name}-*.rdb (${o.copy.region})`,
    markers: o.verification.markers ?? [],
    backupDurationSeconds: seconds(o.executionStartTime, o.now),
    isValid: o.verification.isValid,
    verifiedAt: o.verification.verifiedAt ?? '',
  };
}
