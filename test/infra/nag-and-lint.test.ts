/**
 * cdk-nag AwsSolutions and cfn-lint over the synthesized app.
 * - no unacknowledged finding (error or warning) in the validation report;
 * - every acknowledgement matches a real finding (none is stale) and has a reason;
 * - cfn-lint passes on every template (W3005, noise from CDK's generated
 *   role dependencies, ignored).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { redisBucketName } from '../../lambdas/domain/redis/names';
import { buildApp } from '../../lib/app';
import { type SynthResult, cdkJsonContext, synthesizedApp } from './synth';

let synth: SynthResult;

beforeAll(async () => {
  synth = await synthesizedApp();
}, 240_000);

/** The findings cdk-nag reports when nothing is acknowledged: "<construct path>|<rule id>". */
function findingsWithoutAcknowledgements(): string[] {
  const outdir = mkdtempSync(path.join(tmpdir(), 'nag-unacked-'));
  const spy = jest.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
  try {
    const app = new App({
      builtinCloudFormationValidation: false,
      outdir,
      context: {
        ...cdkJsonContext(),
        'aws:cdk:bundling-stacks': [],
        '@aws-cdk/core:failSynthOnValidationErrors': false,
      },
    });
    buildApp(app, undefined);
    app.synth();
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    return report.pluginReports
      .filter((r: any) => r.pluginName === 'AwsSolutions')
      .flatMap((r: any) =>
        r.violations.flatMap((v: any) =>
          v.violatingConstructs.map((c: any) => `/${c.constructPath}|${v.ruleName.replace(/^[A-Za-z]+::/, '')}`),
        ),
      );
  } finally {
    spy.mockRestore();
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning', () => {
    const nag = synth.validationReport.pluginReports.filter((r) => r.pluginName === 'AwsSolutions');
    const open = nag.flatMap((r) =>
      r.violations.map(
        (v: any) => `${v.severity} ${v.ruleName}: ${JSON.stringify(v.violatingConstructs?.map((c: any) => c.constructPath))}`,
      ),
    );
    expect(open).toEqual([]);
  });

  it('finds something to check when nothing is acknowledged (the checks really run)', () => {
    expect(findingsWithoutAcknowledgements().length).toBeGreaterThan(0);
  });

  it('acknowledges each finding with a reason, and nothing that is not a finding', () => {
    const findings = findingsWithoutAcknowledgements();
    const acks = synth.acknowledgements;
    for (const a of acks) expect(a.reason.length).toBeGreaterThan(40);
    // every acknowledgement covers at least one finding at or below its construct
    const stale = acks.filter((a) => !findings.some((f) => f.endsWith(`|${a.id}`) && f.startsWith(`${a.path}/`)));
    expect(stale).toEqual([]);
    // every finding is covered by an acknowledgement at or above its construct
    const uncovered = findings.filter((f) => {
      const [p, id] = f.split('|');
      return !acks.some((a) => a.id === id && p.startsWith(`${a.path}/`));
    });
    expect(uncovered).toEqual([]);
  });

  it('acknowledges only the expected kinds of finding', () => {
    const kinds = [...new Set(synth.acknowledgements.map((a) => a.id.replace(/\[.*$/, '')))].sort();
    expect(kinds).toEqual(['AwsSolutions-IAM5', 'AwsSolutions-L1', 'AwsSolutions-SQS3']);
    const wildcards = [...new Set(synth.acknowledgements.filter((a) => a.id.startsWith('AwsSolutions-IAM5')).map((a) => a.id))].sort();
    // No wildcard action is ever acknowledged: only wildcard resources.
    expect(wildcards.filter((id) => !id.startsWith('AwsSolutions-IAM5[Resource::'))).toEqual([]);
    // The database backup's own wildcards: its snapshot names and the KMS keys of both regions (narrowed by conditions).
    expect(wildcards).toEqual(
      expect.arrayContaining([
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::arn:aws:kms:us-east-1:123456789012:key/*]',
        'AwsSolutions-IAM5[Resource::arn:aws:kms:us-west-2:123456789012:key/*]',
        'AwsSolutions-IAM5[Resource::arn:aws:rds:us-east-1:123456789012:snapshot:muejam-muejam-db-prod-*]',
        'AwsSolutions-IAM5[Resource::arn:aws:rds:us-west-2:123456789012:snapshot:muejam-muejam-db-prod-*]',
      ]),
    );
    // Every other workflow's wildcard stays inside this deployment: this account, its two regions, its buckets.
    // ("*" itself is limited to actions without resource-level permissions: see app.test.ts, IAM.)
    const buckets = ['us-east-1', 'us-west-2'].map((r) => redisBucketName('prod', '123456789012', r).replace(/\./g, '\\.')).join('|');
    const allowed = [
      /^\*$/,
      // this system's snapshot names; snapshot:* is the retention plan step's read-only listing of every snapshot of a
      // protected database (lib/workflows/database-retention-workflow.ts; app.test.ts allows it for reads only)
      /^arn:aws:rds:(us-east-1|us-west-2):123456789012:snapshot:(muejam-muejam-db-prod-)?\*$/,
      /^arn:aws:kms:(us-east-1|us-west-2):123456789012:key\/\*$/,
      // database restores: the instance named at restore time, the groups and automated backups it uses (read-only, or
      // conditioned on this deployment's restore tags: lib/workflows/database-restore-workflow.ts; app.test.ts checks which)
      /^arn:aws:rds:(us-east-1|us-west-2):123456789012:(db|auto-backup|pg|og|subgrp):\*$/,
      /^arn:aws:elasticache:(us-east-1|us-west-2):123456789012:(cluster|replicationgroup|snapshot|parametergroup|subnetgroup|usergroup|user):[^:]*\*$/,
      new RegExp(`^arn:aws:s3:::(${buckets})\\/[a-z0-9-]+(\\/[a-z0-9-]+)*[-/]?\\*$`),
      // restore test (lib/workflows/restore-test-workflow.ts): throwaway instances by name (deletes also tag-scoped), RDS-managed
      // master secrets (rds!db-<id>), the reports under restore-tests/, the checker's network interfaces in the VPC
      /^arn:aws:rds:(us-east-1|us-west-2):123456789012:db:muejam-rt-\*$/,
      /^arn:aws:secretsmanager:(us-east-1|us-west-2):123456789012:secret:rds!db-\*$/,
      /^arn:aws:s3:::muejam-prod-reports-123456789012-us-west-2\/restore-tests\/\*$/,
      /^arn:aws:ec2:us-east-1:123456789012:(network-interface|security-group)\/\*$/,
      // failover (lib/workflows/failover-policies.ts): Route 53 GetChange on the change id the UPSERT returns (made by
      // Route 53 per change), and the lock's owner execution of this deployment's failover state machine (is it still running?)
      /^arn:aws:route53:::change\/\*$/,
      /^arn:aws:states:us-east-1:123456789012:execution:muejam-backup-dr-prod-database-failover:\*$/,
      // DR drill (lib/workflows/dr-drill-policies.ts; on in cdk.json): its throwaway instances <db>-dr* in the backup region
      // (every mutating call also needs the drill tags: dr-drill-workflow.test.ts), its reports under dr-drill/
      /^arn:aws:rds:us-west-2:123456789012:db:muejam-db-prod-dr\*$/,
      /^arn:aws:s3:::muejam-prod-reports-123456789012-us-west-2\/dr-drill\/\*$/,
    ];
    const outside = wildcards
      .map((id) => id.slice('AwsSolutions-IAM5[Resource::'.length, -1))
      .filter((r) => !allowed.some((re) => re.test(r)));
    expect(outside).toEqual([]);
  });
});

describe('cfn-lint', () => {
  it('passes on every synthesized template', () => {
    expect(synth.templateFiles).toHaveLength(2);
    const r = spawnSync('cfn-lint', ['--ignore-checks', 'W3005', '--', ...synth.templateFiles], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
    expect(r.status).toBe(0);
  });
});
