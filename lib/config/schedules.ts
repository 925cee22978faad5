/**
 * Schedules area: when the scheduled workflows run, in which time zone, and
 * the RTO/RPO objectives the backup interval must honour. Flat keys.
 */
import { z } from 'zod';
import { defineArea } from './area';
import { contextValue, numberValue, ruled } from './context-values';
import { rateHours, scheduleProblem, timezoneProblem } from './rules';

export interface ScheduleConfig {
  backupSchedule: string;
  retentionSchedule: string;
  redisBackupSchedule: string;
  scheduleTimezone: string;
  rtoHours: number;
  rpoHours: number;
}

export const SCHEDULE_DEFAULTS = {
  backupSchedule: 'rate(6 hours)',
  retentionSchedule: 'cron(0 3 * * ? *)',
  redisBackupSchedule: 'cron(0 2 * * ? *)',
  scheduleTimezone: 'UTC',
  rtoHours: 4,
  rpoHours: 6,
} as const;

/** A recurring EventBridge Scheduler expression; areas of new scheduled workflows use it for their own schedule key. */
export function scheduleValue(def: string) {
  return contextValue({
    kind: 'string',
    default: def,
    allowed: 'rate(<n> unit) or cron(<6 fields>)',
    value: ruled(z.string(), scheduleProblem),
  });
}

function hours(def: number) {
  return contextValue({ kind: 'number', default: def, ...numberValue(0.25, 168, true) });
}

export const schedulesArea = defineArea({
  name: 'schedules',
  keyPrefix: '',
  fields: {
    backupSchedule: scheduleValue(SCHEDULE_DEFAULTS.backupSchedule),
    retentionSchedule: scheduleValue(SCHEDULE_DEFAULTS.retentionSchedule),
    redisBackupSchedule: scheduleValue(SCHEDULE_DEFAULTS.redisBackupSchedule),
    scheduleTimezone: contextValue({
      kind: 'string',
      default: SCHEDULE_DEFAULTS.scheduleTimezone,
      allowed: 'an IANA time zone name such as UTC or Europe/Paris',
      value: ruled(z.string(), timezoneProblem),
    }),
    rtoHours: hours(SCHEDULE_DEFAULTS.rtoHours),
    rpoHours: hours(SCHEDULE_DEFAULTS.rpoHours),
  },
  build(v, ctx): ScheduleConfig {
    const interval = rateHours(v.backupSchedule);
    if (ctx.valid('backupSchedule') && ctx.valid('rpoHours') && interval !== undefined && interval > v.rpoHours) {
      ctx.problem(
        'backupSchedule',
        `"${v.backupSchedule}" runs every ${interval} h, longer than rpoHours (${v.rpoHours}); the interval must be at most the RPO`,
      );
    }
    return { ...v };
  },
});
