/**
 * What a finished failover reports: RTO (from the request or the alarm to
 * the DNS record in sync) and RPO (replica lag at promotion), and the exact
 * commands for what a human does next or finishes by hand. Pure.
 */

export function secondsBetween(fromIso: string, to: Date): number {
  const t = Date.parse(fromIso);
  return Number.isFinite(t) ? Math.max(0, Math.round((to.getTime() - t) / 1000)) : 0;
}

export interface FailoverFigures {
  rtoSeconds: number;
  rpoSeconds: number;
}

export function failoverFigures(requestedAt: string, dnsInSyncAt: Date, lagAtPromotionSeconds: number | undefined): FailoverFigures {
  return { rtoSeconds: secondsBetween(requestedAt, dnsInSyncAt), rpoSeconds: Math.max(0, Math.round(lagAtPromotionSeconds ?? 0)) };
}

/** The post-check's SQL write probe of the new primary (lambdas/services/failover-write-probe.ts). */
export interface WriteProbeCheck {
  status: 'passed' | 'not-run';
  detail: string;
  /** Where the credentials came from (never the credentials). */
  credentialsFrom?: string;
}

/** One line for people (the CLI, the rehearsal): the probe's evidence and where its credentials came from. */
export function writeProbeLine(p: WriteProbeCheck): string {
  return `write probe: ${p.detail}${p.credentialsFrom ? ` (credentials: ${p.credentialsFrom})` : ''}`;
}

const q = (s: string) => `"${s.replace(/(["\\$`])/g, '\\$1')}"`;

/** Starts (or, after a partial failover, resumes) the failover from the operator CLI. */
export function failoverCommand(database: string, target: string, reason: string, force = false): string {
  return `npm run cli -- failover ${database} --to ${target} --reason ${q(reason)}${force ? ' --force' : ''}`;
}

export function promoteCommand(target: string, backupRetentionDays: number): string {
  return `aws rds promote-read-replica --db-instance-identifier ${target} --backup-retention-period ${backupRetentionDays}`;
}

export function pointerCommand(parameter: string, instanceId: string): string {
  return `aws ssm put-parameter --name ${parameter} --type String --overwrite --value ${instanceId}`;
}

export function createReplicaCommand(database: string, az: string): string {
  return `npm run cli -- create-replica ${database} --az ${az}`;
}
