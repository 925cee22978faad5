/**
 * The plan of one drill run, made by its first step and carried through the execution:
 * which database, the drill's id (its execution name, the value of the drill tag), the
 * throwaway instance names, the goals, the drill DNS record (refused when it is the
 * production record) and where the report goes. Pure.
 */
import type { z } from 'zod';
import { InvalidInput, PreconditionFailed } from '../../errors';
import { drDrillInput } from '../inputs/dr-drill';
import { parseInput } from '../inputs/strict';
import { type DrillSettings, DRILL_REPORT_PREFIX } from '../settings/drill';
import { drillInstanceNames } from './drill-names';
import { type DrillGoals, drillGoals } from './drill-status';
import { drillDnsProblem } from './ownership-guard';

export interface DrillDns {
  hostedZoneId: string;
  recordName: string;
  ttl: number;
}

export interface DrillPlan {
  drillId: string;
  deployment: string;
  database: string;
  startedAt: string;
  primaryRegion: string;
  backupRegion: string;
  names: { restore: string; pitr: string; replica: string };
  goals: DrillGoals;
  dns: DrillDns;
  report: { bucket: string; jsonKey: string; htmlKey: string };
  inFlightMinutes: number;
}

export interface DrillPlanContext {
  deploymentId: string;
  primaryRegion: string;
  backupRegion: string;
  databases: readonly string[];
  settings: DrillSettings;
  /** The database's failover DNS settings (muejam.failover.databases.<db>). */
  dnsOf: (db: string) => { production?: DrillDns; drill?: DrillDns };
}

export function reportKeys(database: string, drillId: string, startedAt: string): { jsonKey: string; htmlKey: string } {
  const base = `${DRILL_REPORT_PREFIX}${database}/${startedAt.slice(0, 10)}-${drillId}`;
  return { jsonKey: `${base}.json`, htmlKey: `${base}.html` };
}

export function planDrill(input: unknown, execution: { Name?: string; StartTime?: string }, ctx: DrillPlanContext): DrillPlan {
  const i = parseInput(drDrillInput as z.ZodType<z.output<typeof drDrillInput>>, input, 'input');
  const db = i.dbInstanceIdentifier;
  if (!ctx.databases.includes(db)) {
    throw new InvalidInput(
      'input.dbInstanceIdentifier',
      `unknown database "${db}"; this deployment protects: ${ctx.databases.join(', ') || '(none)'}`,
    );
  }
  const drillId = execution.Name;
  if (!drillId) throw new InvalidInput('execution.Name', 'is required: the execution name is the drill tag');
  const startedAt = execution.StartTime ?? '';
  if (Number.isNaN(Date.parse(startedAt))) throw new InvalidInput('execution.StartTime', 'must be an ISO-8601 time');
  const { production, drill } = ctx.dnsOf(db);
  const dnsProblem = drillDnsProblem(drill, production);
  if (dnsProblem || !drill) {
    throw new PreconditionFailed(
      `${dnsProblem ?? 'no drill DNS record'} (muejam.failover.databases.${db}.drillDns); the drill created nothing`,
    );
  }
  return {
    drillId,
    deployment: ctx.deploymentId,
    database: db,
    startedAt: new Date(startedAt).toISOString(),
    primaryRegion: ctx.primaryRegion,
    backupRegion: ctx.backupRegion,
    names: drillInstanceNames(db, drillId),
    goals: drillGoals(ctx.settings),
    dns: drill,
    report: { bucket: ctx.settings.reportBucket, ...reportKeys(db, drillId, new Date(startedAt).toISOString()) },
    inFlightMinutes: ctx.settings.inFlightMinutes,
  };
}
