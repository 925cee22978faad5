/**
 * Console input of the weekly restore test (state-machines/restore-test.asl.json), as the
 * schedule sends it (`region` = the schedule's region mode, `scheduledTime` = the tick) and as an
 * operator types it. Structure only: that the database is one this deployment protects, and that
 * the region has a restore-test network, is checked by the plan step.
 */
import type { z } from 'zod';
import { isoDateTime, oneOf, rdsInstanceId, strictInput } from './strict';

/** A run tests one region: `alternate` picks primary in even ISO weeks, backup in odd ones. `both` is two runs (the CLI and the stack make them). */
export const RESTORE_TEST_RUN_REGIONS = ['primary', 'backup', 'alternate'] as const;

export const restoreTestInput = strictInput({
  /** The protected database whose newest verified backup is restored (one of muejam.databases). */
  dbInstanceIdentifier: rdsInstanceId(),
  /** Which region's backup to restore; absent: muejam.restoreTest.regionMode. */
  region: oneOf(RESTORE_TEST_RUN_REGIONS, 'allowed ("both" is two runs, one per region)').optional(),
  /** The schedule tick (names the throwaway instance); absent: the execution's start time. */
  scheduledTime: isoDateTime().optional(),
});

export type RestoreTestInput = z.output<typeof restoreTestInput>;

/** The README's console input (the schedule adds `scheduledTime`). */
export const restoreTestExample: RestoreTestInput = { dbInstanceIdentifier: 'muejam-db-prod', region: 'backup' };
