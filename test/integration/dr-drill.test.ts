/**
 * The `npm start` DR drill (local/rehearsal/dr-drill.ts) on a real moto_server with the real
 * PostgreSQL engine: it passes, prints the table, writes a self-contained HTML page, says what
 * moto could not show, and leaves zero resources: instances and snapshots of both regions and
 * the zone's Route 53 records, listed after the drill, are exactly those listed before it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { ListHostedZonesCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { createOutput } from '../../local/console/output';
import { DRILL_REHEARSAL_EXECUTION, rehearseDrill } from '../../local/rehearsal/dr-drill';
import { localRuntimeConfig } from '../../local/local-environment';
import { useMoto } from '../support/moto';

const moto = useMoto();

/** Every instance and snapshot in both regions and every record of every zone in the emulator. */
async function everything(): Promise<string[]> {
  const found: string[] = [];
  for (const region of ['us-east-1', 'us-west-2']) {
    const rds = moto.clients(RDSClient, region);
    for (const i of (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [])
      found.push(`instance ${region}/${i.DBInstanceIdentifier}`);
    for (const s of (await rds.send(new DescribeDBSnapshotsCommand({}))).DBSnapshots ?? [])
      found.push(`snapshot ${region}/${s.DBSnapshotIdentifier}`);
  }
  const r53 = moto.clients(Route53Client, 'us-east-1');
  for (const z of (await r53.send(new ListHostedZonesCommand({}))).HostedZones ?? []) {
    for (const r of (await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: z.Id }))).ResourceRecordSets ?? [])
      if (r.Type === 'CNAME') found.push(`record ${r.Name} ${r.ResourceRecords?.[0]?.Value}`);
  }
  return found.sort();
}

it('the rehearsal drill passes, writes the HTML report, says what moto cannot show, and leaves zero resources in moto', async () => {
  const { config } = await moto.freshWorld(localRuntimeConfig({ deploymentId: 'drint' }));
  const dir = mkdtempSync(join(tmpdir(), 'drill-it-'));
  let printed = '';
  const sink = {
    isTTY: false,
    write: (s: string) => {
      printed += s;
      return true;
    },
  };
  const out = createOutput(sink as unknown as NodeJS.WriteStream);
  try {
    const r = await rehearseDrill({
      endpoint: moto.endpoint,
      clients: moto.clients,
      out,
      base: config,
      htmlFile: join(dir, 'report.html'),
    });
    // The rehearsal's own before/after listings are the same ...
    expect(r.leftBehind).toEqual([]);
    expect(r.listed.instances).toBeGreaterThan(0);
    expect(r.execution.status).toBe('SUCCEEDED');
    expect(r.overallStatus).toBe('passed');
    expect(r.tests.map((t) => `${t.name}: ${t.status}`)).toEqual([
      'inventory: passed',
      'restore: passed',
      'pitr: passed',
      'failover: passed',
      'teardown: passed',
    ]);
    // ... and a listing of everything in the emulator finds no drill instance, snapshot or record: only the
    // production databases, their backups and the production record.
    const now = await everything();
    expect(now.filter((x) => /-dr[0-9a-f]{8}-[rpf]\b|drill\.db\.muejam\.internal/.test(x))).toEqual([]);
    expect(now.filter((x) => x.startsWith('instance '))).toEqual(
      expect.arrayContaining([expect.stringContaining('muejam-db-drill'), 'instance us-east-1/muejam-db-prod']),
    );
    expect(now.filter((x) => x.startsWith('instance '))).toHaveLength(2);
    expect(now.filter((x) => x.startsWith('record '))).toEqual([expect.stringMatching(/^record db\.muejam\.internal\. /)]);
    const html = readFileSync(r.htmlFile!, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain(DRILL_REHEARSAL_EXECUTION);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']https?:/);
    expect(printed).toMatch(/test\s+status\s+RTO\s+RPO/);
    expect(printed).toContain('what the emulator could not show');
    expect(printed).toContain('the drill left nothing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);
