/** `cleanup <db> --dry-run`: the plan printed as a table before anything is deleted (RDS mocked). */
import { mockClient } from 'aws-sdk-client-mock';
import { DeleteDBSnapshotCommand, DescribeAccountAttributesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { printRetentionPlan } from '../../../cli/commands/cleanup';
import type { Output } from '../../../cli/output';
import { loadConfig } from '../../../lib/config';
import { PLAN_TABLE_HEADERS } from '../../../lambdas/domain/retention/plan-table';
import { localRuntimeConfig } from '../../../local/local-environment';
import { foreignSnapshots, sixHourlyHistory } from '../services/retention-fixtures';

const rds = mockClient(RDSClient);
const config = loadConfig({
  context: (k) =>
    (
      ({ 'muejam.deploymentId': 'prod', 'muejam.primaryRegion': 'us-east-1', 'muejam.backupRegion': 'us-west-2' }) as Record<
        string,
        unknown
      >
    )[k],
});
const runtime = localRuntimeConfig({ deploymentId: 'prod' });

function capture(): { out: Output; tables: { headers: string[]; rows: (string | number)[][] }[]; lines: string[] } {
  const tables: { headers: string[]; rows: (string | number)[][] }[] = [];
  const lines: string[] = [];
  const push = (t?: string) => lines.push(t ?? '');
  return {
    out: {
      heading: push,
      line: push,
      ok: push,
      fail: push,
      info: push,
      warn: push,
      table: (headers, rows) => tables.push({ headers, rows }),
    },
    tables,
    lines,
  };
}

beforeEach(() => {
  rds.reset();
  // 8 days of 6-hourly backups ending 4 days ago: the daily and weekly ones stay, the rest go.
  const now = Date.now();
  const from = new Date(now - 12 * 86_400_000).toISOString().slice(0, 10) + 'T00:00:00Z';
  const history = sixHourlyHistory(runtime, from, 32);
  rds.on(DescribeDBSnapshotsCommand).callsFake(async (_i, getClient) => {
    const region = await getClient().config.region();
    return { DBSnapshots: [...history[region], ...foreignSnapshots(runtime, region, new Date('2020-01-01T00:00:00Z'))] };
  });
  rds.on(DescribeAccountAttributesCommand).resolves({ AccountQuotas: [{ AccountQuotaName: 'ManualSnapshots', Used: 10, Max: 100 }] });
});

describe('printRetentionPlan', () => {
  it('prints every snapshot of both regions with its action, rule and reason, and deletes nothing', async () => {
    const c = capture();
    const toDelete = await printRetentionPlan(config, 'muejam-db-prod', c.out);
    expect(c.tables).toHaveLength(1);
    const [table] = c.tables;
    expect(table.headers).toEqual(PLAN_TABLE_HEADERS);
    expect(table.rows).toHaveLength(2 * (32 + 3));
    expect(table.rows.filter((r) => r[3] === 'DELETE')).toHaveLength(toDelete);
    expect(toDelete).toBeGreaterThan(0);
    expect(
      table.rows
        .filter((r) => r[3] === 'SKIP')
        .map((r) => r[4])
        .sort(),
    ).toEqual(['not-manual', 'not-manual', 'not-owned', 'not-owned', 'not-owned', 'not-owned']);
    expect(c.lines.join('\n')).toMatch(
      /policy: keep-last 24 h, daily 30 d, weekly 90 d, monthly 0 months, floor 3, unverified-copy grace 7 d/,
    );
    expect(c.lines.join('\n')).toMatch(new RegExp(`delete ${toDelete}, leave alone 6`));
    expect(rds.commandCalls(DeleteDBSnapshotCommand)).toHaveLength(0);
  });

  it('uses the configured policy (a longer daily tier keeps more)', async () => {
    const base = await printRetentionPlan(config, 'muejam-db-prod', capture().out);
    const longer = loadConfig({ context: (k) => (({ 'muejam.retention.keepLastHours': 24 * 30 }) as Record<string, unknown>)[k] });
    expect(await printRetentionPlan(longer, 'muejam-db-prod', capture().out)).toBeLessThan(base);
  });
});
