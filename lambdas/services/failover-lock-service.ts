/**
 * Single flight for failovers: one lock item per database in the failover
 * lock table, written with a DynamoDB conditional write. A second failover
 * while one runs is refused; a lock left behind by an execution that ended
 * (aborted, timed out) is taken over only after Step Functions says so.
 * Release deletes the item only if this execution holds it, so every path
 * (success, refusal, failure) may call it safely, any number of times.
 */
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { FailoverLockHeld } from '../domain/failover/errors';
import { type HolderStatus, type LockItem, lockDecision } from '../domain/failover/lock';
import { failoverLockTableName } from '../domain/failover/names';
import type { ClientFactory } from '../runtime/clients';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { hasCode, rethrowTyped } from './aws-errors';

export interface ExecutionRef {
  Id?: string;
  Name?: string;
  StartTime?: string;
}

const key = (database: string) => ({ lockId: { S: `failover#${database}` } });

export class FailoverLockService {
  constructor(
    private readonly config: RuntimeConfig,
    private readonly clients: ClientFactory,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get table() {
    return failoverLockTableName(this.config.deploymentId);
  }

  private ddb() {
    return this.clients(DynamoDBClient, this.config.primaryRegion);
  }

  private async current(database: string): Promise<LockItem | undefined> {
    const out = await this.ddb().send(new GetItemCommand({ TableName: this.table, Key: key(database), ConsistentRead: true }));
    const holder = out.Item?.holder?.S;
    return holder ? { holder, since: out.Item?.since?.S ?? '(unknown)' } : undefined;
  }

  private async holderStatus(holder: string): Promise<HolderStatus> {
    try {
      const out = await this.clients(SFNClient, this.config.primaryRegion).send(new DescribeExecutionCommand({ executionArn: holder }));
      return (out.status as HolderStatus | undefined) ?? 'unknown';
    } catch (err) {
      if (hasCode(err, 'ExecutionDoesNotExist')) return 'NOT_FOUND';
      return 'unknown';
    }
  }

  /** Takes the lock of `database` for this execution, or throws FailoverLockHeld. */
  async acquire(
    database: string,
    execution: ExecutionRef,
  ): Promise<{ lockId: string; holder: string; since: string; tookOverFrom?: string }> {
    const me = execution.Id;
    if (!me) throw new FailoverLockHeld('the lock needs the execution ARN ($$.Execution.Id); nothing was changed');
    const since = this.now().toISOString();
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.current(database);
      const decision = lockDecision(existing, me, existing ? await this.holderStatus(existing.holder) : 'unknown');
      if (decision.action === 'refuse') throw new FailoverLockHeld(decision.note);
      if (decision.action === 'keep') return { lockId: `failover#${database}`, holder: me, since: existing?.since ?? since };
      try {
        await this.ddb().send(
          new PutItemCommand({
            TableName: this.table,
            Item: { ...key(database), holder: { S: me }, since: { S: since }, database: { S: database } },
            ...(decision.action === 'acquire'
              ? { ConditionExpression: 'attribute_not_exists(lockId)' }
              : { ConditionExpression: 'holder = :stale', ExpressionAttributeValues: { ':stale': { S: decision.expectHolder } } }),
          }),
        );
        return {
          lockId: `failover#${database}`,
          holder: me,
          since,
          tookOverFrom: decision.action === 'take-over' ? decision.expectHolder : undefined,
        };
      } catch (err) {
        if (!hasCode(err, 'ConditionalCheckFailedException', 'ConditionalCheckFailed'))
          rethrowTyped(err, `take the failover lock of ${database}`);
        // Someone wrote between our read and our write: read again and decide again.
      }
    }
    throw new FailoverLockHeld(
      `the failover lock of ${database} changed hands three times while taking it; another failover is starting; nothing was changed`,
    );
  }

  /** Releases the lock if this execution holds it; a no-op otherwise (never someone else's lock). */
  async release(database: unknown, execution: ExecutionRef): Promise<{ released: boolean }> {
    if (typeof database !== 'string' || !database || !execution.Id) return { released: false };
    try {
      await this.ddb().send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: key(database),
          ConditionExpression: 'holder = :me',
          ExpressionAttributeValues: { ':me': { S: execution.Id } },
        }),
      );
      return { released: true };
    } catch (err) {
      if (hasCode(err, 'ConditionalCheckFailedException', 'ConditionalCheckFailed')) return { released: false };
      return rethrowTyped(err, `release the failover lock of ${database}`);
    }
  }
}
