/**
 * DR drill area (issue 13): `muejam.drill.<field>`. The drill reuses the restore test's SQL
 * checker (its VPC, subnets, checks) and the failover's drill DNS record, so enabling it requires
 * muejam.restoreTest.enabled with the backup region's network, and a drillDns record for every
 * protected database (muejam.failover.databases.<db>.drillDns). The goals are the Lambdas' own
 * schema fields (lambdas/domain/settings/drill.ts).
 */
import { z } from 'zod';
import type { FailoverSettings } from '../../lambdas/domain/settings/failover';
import type { RestoreTestConfig } from './restore-test';
import { defineArea } from './area';
import { contextValue, numberValue } from './context-values';
import { scheduleValue } from './schedules';

export interface DrillConfig {
  enabled: boolean;
  schedule: string;
  rtoGoalHours?: number;
  rpoGoalHours?: number;
  inFlightMinutes: number;
}

export const DRILL_DEFAULTS = {
  enabled: false,
  /** The first Sunday of January, April, July and October, 05:00 (muejam.scheduleTimezone, UTC by default). */
  schedule: 'cron(0 5 ? JAN,APR,JUL,OCT SUN#1 *)',
  inFlightMinutes: 120,
} as const;

const goal = (key: string) =>
  contextValue({ kind: 'number', ...numberValue(0.25, 168, true), allowed: `a number of hours from 0.25 to 168 (${key})` });

export const drillArea = defineArea({
  name: 'drill',
  keyPrefix: 'drill.',
  fields: {
    enabled: contextValue({ kind: 'boolean', default: DRILL_DEFAULTS.enabled, allowed: 'true or false', value: z.boolean() }),
    schedule: scheduleValue(DRILL_DEFAULTS.schedule),
    rtoGoalHours: goal('tighter than muejam.rtoHours; ignored when looser'),
    rpoGoalHours: goal('tighter than muejam.rpoHours; ignored when looser'),
    inFlightMinutes: contextValue({ kind: 'number', default: DRILL_DEFAULTS.inFlightMinutes, ...numberValue(10, 1440) }),
  },
  build(v, ctx, earlier): { drill: DrillConfig } {
    if (v.enabled) {
      const rt = earlier.restoreTest as RestoreTestConfig | undefined;
      if (!rt?.enabled) ctx.problem('enabled', "needs muejam.restoreTest.enabled: the drill runs the restore test's SQL checks in its VPC");
      else if (!rt.backupDbSubnetGroup || rt.backupSecurityGroupIds.length === 0)
        ctx.problem(
          'enabled',
          'needs muejam.restoreTest.backupDbSubnetGroup and backupSecurityGroupIds: the drill restores in the backup region',
        );
      const failover = earlier.failover as FailoverSettings | undefined;
      for (const db of (earlier.databases as string[] | undefined) ?? []) {
        if (!failover?.databases?.[db]?.drillDns)
          ctx.problem(
            'enabled',
            `needs muejam.failover.databases.${db}.drillDns: the failover rehearsal repoints that record, never the production one`,
          );
      }
    }
    return {
      drill: {
        enabled: v.enabled,
        schedule: v.schedule,
        ...(v.rtoGoalHours !== undefined ? { rtoGoalHours: v.rtoGoalHours } : {}),
        ...(v.rpoGoalHours !== undefined ? { rpoGoalHours: v.rpoGoalHours } : {}),
        inFlightMinutes: v.inFlightMinutes,
      },
    };
  },
});
