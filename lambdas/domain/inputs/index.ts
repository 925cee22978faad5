/**
 * Every workflow's console input schema and its documented example, keyed by
 * workflow name (lambdas/domain/workflows/registry.ts). The README and the
 * runbook show these examples; test/unit/domain/inputs/examples.test.ts checks
 * that each example parses and that the docs show it. New workflows add their
 * row here (schema in lambdas/domain/inputs/<workflow>.ts, built with strict.ts).
 */
import type { z } from 'zod';
import { databaseBackupExample, databaseBackupInput } from './database-backup';
import { databasePitrExample, databaseRestoreExample, databaseRestoreInput } from './database-restore';
import { databaseRetentionExample, databaseRetentionInput } from './database-retention';
import { FAILOVER_INPUT } from '../failover/request';
import { CREATE_REPLICA_INPUT, CREATE_REPLICA_INPUT_EXAMPLE } from '../failover/replica-request';
import { drDrillExample, drDrillInput } from './dr-drill';
import { redisBackupExample, redisBackupInput } from './redis-backup';
import { redisRestoreExample, redisRestoreInput } from './redis-restore';
import { replicaHealthExample, replicaHealthInput } from './replica-health';
import { restoreTestExample, restoreTestInput } from './restore-test';

export interface WorkflowInput {
  schema: z.ZodType;
  /** A valid input as an operator would type it in the console. */
  example: Record<string, unknown>;
  /** Other documented forms of the same workflow's input (e.g. the point-in-time restore), by name. */
  variants?: Record<string, Record<string, unknown>>;
}

export const WORKFLOW_INPUTS: Record<string, WorkflowInput> = {
  'database-backup': { schema: databaseBackupInput, example: databaseBackupExample },
  'database-retention': { schema: databaseRetentionInput, example: databaseRetentionExample },
  'redis-backup': { schema: redisBackupInput, example: redisBackupExample },
  'redis-restore': { schema: redisRestoreInput, example: redisRestoreExample },
  'dr-drill': { schema: drDrillInput, example: drDrillExample },
  'restore-test': { schema: restoreTestInput, example: restoreTestExample },
  'database-restore': {
    schema: databaseRestoreInput,
    example: databaseRestoreExample,
    variants: { 'point in time': databasePitrExample },
  },
  // The failover workflows' schemas live with their rules (lambdas/domain/failover/); the README shows these examples.
  'database-failover': {
    schema: FAILOVER_INPUT,
    example: { dbInstanceIdentifier: 'muejam-db-prod', reason: 'primary unreachable since 03:02' },
  },
  'database-replica': { schema: CREATE_REPLICA_INPUT, example: CREATE_REPLICA_INPUT_EXAMPLE },
  'replica-health': { schema: replicaHealthInput, example: replicaHealthExample },
};
