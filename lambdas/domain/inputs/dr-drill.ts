/**
 * Console input of the DR drill (state-machines/dr-drill.asl.json). The schedule starts one
 * run per protected database with `{ "dbInstanceIdentifier": "<db>" }`.
 */
import type { z } from 'zod';
import { rdsInstanceId, strictInput } from './strict';

export const drDrillInput = strictInput({
  /** The protected database whose backups the drill restores (one of muejam.databases). */
  dbInstanceIdentifier: rdsInstanceId(),
});

export type DrDrillInput = z.output<typeof drDrillInput>;

export const drDrillExample: DrDrillInput = { dbInstanceIdentifier: 'muejam-db-prod' };
