/** Drill ownership rules found unpinned by mutation testing (docs/CONTRIBUTING.md "Mutation testing"). */
import { whyNotDrillOwned } from '../../../../lambdas/domain/drill/ownership-guard';

const TAGS = {
  'muejam:managed-by': 'muejam-backup-dr',
  'muejam:deployment': 'prod',
  'muejam:purpose': 'dr-drill',
  'muejam:execution': 'drill-20260104T0500Z',
};

describe('drill ownership with several protected databases', () => {
  const id = { deploymentId: 'prod', drillId: 'drill-20260104T0500Z', protectedDatabases: ['muejam-db-prod', 'muejam-db-reports'] };

  it.each(['muejam-db-prod', 'MUEJAM-DB-REPORTS'])('%s, one of them, is never the drill’s, even with every drill tag', (db) => {
    expect(whyNotDrillOwned(db, TAGS, id)).toBe(`${db} is a database this deployment protects`);
  });

  it('a drill instance named after neither is the drill’s', () => {
    expect(whyNotDrillOwned('muejam-db-reports-dr1-r', TAGS, id)).toBeUndefined();
  });
});
