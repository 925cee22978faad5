/**
 * Names the failover and replica parts derive from the deployment id, the same
 * in CDK (which creates them) and in the Lambdas (which use them), so no extra
 * environment variable can drift. Pure.
 */

const PREFIX = (deploymentId: string) => `muejam-backup-dr-${deploymentId}`;

/** DynamoDB table holding one failover lock item per database (the primary stack creates it). */
export function failoverLockTableName(deploymentId: string): string {
  return `${PREFIX(deploymentId)}-failover-locks`;
}

/** SSM parameter naming the instance that serves a logical database now (absent = the database id itself). */
export function databasePointerParameter(deploymentId: string, database: string): string {
  return `/muejam-backup-dr/${deploymentId}/databases/${database}/current-instance`;
}

/** The parameter path under which every pointer of a deployment lives (IAM scope). */
export function databasePointerPath(deploymentId: string): string {
  return `/muejam-backup-dr/${deploymentId}/databases/`;
}

/** CloudWatch alarm that says the primary of a database is down (ReplicaHealth's PrimaryHealthy metric). */
export function primaryDownAlarmName(deploymentId: string, database: string): string {
  return `${PREFIX(deploymentId)}-${database}-primary-down`;
}

/** The default id of the replica create-replica makes for a database. */
export function defaultReplicaId(database: string): string {
  return `${database}-replica`.slice(0, 63).replace(/-+$/, '');
}
