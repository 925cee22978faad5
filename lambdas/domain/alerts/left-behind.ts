/**
 * What a failed run had already made, and where, read from the state the failure path receives
 * (`$` of the NotifyFailure state): the alert names it, so on-call knows what is left (issue 8).
 * Pure; knows the result paths the backup workflows write (`$.backup`, `$.copy`, `$.exported`) and
 * the Redis restore's new group (`$.restore`; its staged objects are removed by the failure path itself).
 * Resources the run reused (a re-run of the same tick) are not "left" by this run.
 */

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function leftBehind(workflow: string, state: unknown): string[] {
  const s = obj(state);
  if (!s) return [];
  const out: string[] = [];
  const backup = obj(s.backup);
  const copy = obj(s.copy);
  if (workflow === 'database-backup') {
    if (backup && backup.reused !== true && str(backup.snapshotId) && str(backup.region))
      out.push(`RDS snapshot ${backup.snapshotId} in ${backup.region}`);
    if (copy && copy.reused !== true && str(copy.snapshotId) && str(copy.region))
      out.push(`RDS snapshot copy ${copy.snapshotId} in ${copy.region}`);
  }
  if (workflow === 'redis-backup') {
    if (backup && backup.reused !== true && str(backup.backupName) && str(backup.region))
      out.push(`ElastiCache snapshot ${backup.backupName} in ${backup.region}`);
    const exported = obj(s.exported);
    const objects = Array.isArray(exported?.objects) ? exported.objects.length : 0;
    if (exported && objects > 0 && str(exported.bucket))
      out.push(`${objects} exported object(s) in s3://${exported.bucket} (${exported.region})`);
    const keys = Array.isArray(copy?.keys) ? copy.keys.length : 0;
    if (copy && copy.reused !== true && keys > 0 && str(copy.bucket))
      out.push(`${keys} copied object(s) in s3://${copy.bucket} (${copy.region})`);
  }
  if (workflow === 'redis-restore') {
    const restore = obj(s.restore);
    if (restore && restore.reused !== true && str(restore.replicationGroupId) && str(restore.region))
      out.push(
        `ElastiCache replication group ${restore.replicationGroupId} in ${restore.region} (before a retry with the same target: aws elasticache delete-replication-group --replication-group-id ${restore.replicationGroupId} --region ${restore.region})`,
      );
  }
  return out;
}

/** The sentence the alert's cause ends with, or '' when the run left nothing. */
export function leftBehindSentence(workflow: string, state: unknown): string {
  const left = leftBehind(workflow, state);
  if (!left.length) return '';
  const fate = workflow === 'redis-restore' ? 'left in place' : 'left in place, kept or removed by the retention rules';
  return `; this run had made (${fate}): ${left.join('; ')}`;
}
