/** The figures of one finished backup run, for metrics and the execution's output. Pure. */
export interface BackupSummary {
  dbInstanceIdentifier: string;
  snapshotId: string;
  primarySnapshotArn: string;
  backupSnapshotArn: string;
  backupKmsKeyArn: string;
  backupDurationSeconds: number;
  copyDurationSeconds: number;
  isValid: boolean;
  verifiedAt: string;
}

const seconds = (from: string, to: Date) => Math.max(0, Math.round((to.getTime() - new Date(from).getTime()) / 1000));

export function summarizeBackup(o: {
  backup: { dbInstanceIdentifier: string; snapshotId: string; snapshotArn: string };
  copy: { snapshotArn: string; kmsKeyArn: string; requestedAt: string };
  verification: { isValid: boolean; verifiedAt: string };
  executionStartTime: string;
  now: Date;
}): BackupSummary {
  return {
    dbInstanceIdentifier: o.backup.dbInstanceIdentifier,
    snapshotId: o.backup.snapshotId,
    primarySnapshotArn: o.backup.snapshotArn,
    backupSnapshotArn: o.copy.snapshotArn,
    backupKmsKeyArn: o.copy.kmsKeyArn,
    backupDurationSeconds: seconds(o.executionStartTime, o.now),
    copyDurationSeconds: seconds(o.copy.requestedAt, o.now),
    isValid: o.verification.isValid,
    verifiedAt: o.verification.verifiedAt,
  };
}
