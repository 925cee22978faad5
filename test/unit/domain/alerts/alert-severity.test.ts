import { severityForWorkflow } from '../../../../lambdas/domain/alerts/alert-severity';

describe('severity of workflow failures', () => {
  it.each([
    ['database-backup', 'critical'],
    ['redis-backup', 'critical'],
    ['restore', 'critical'],
    ['restore-test', 'critical'],
    ['failover', 'critical'],
    ['rpo-check', 'critical'],
    ['dr-drill', 'critical'],
    ['retention', 'warning'],
    ['redis-retention', 'warning'],
    ['quota-check', 'warning'],
  ])('%s pages as %s', (workflow, severity) => {
    expect(severityForWorkflow(workflow)).toBe(severity);
  });

  it('matches whole words only ("quotation" is not "quota")', () => {
    expect(severityForWorkflow('quotation-backup')).toBe('critical');
  });
});
