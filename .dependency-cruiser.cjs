/**
 * The project's dependency rules (docs/architecture.md, "Layers"), checked by
 * `npm test` (scripts/run-tests.mjs) and by `npx depcruise bin cli lib lambdas local bench`.
 *
 *   bin -> cli -> (local, lib) -> lambdas
 *   lambdas/handlers -> lambdas/services -> lambdas/domain
 *   lambdas/domain imports no AWS SDK (pure; mutation-tested)
 *   nothing imports local/rehearsal except cli/commands/rehearse.ts (and bench, which measures it)
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split the shared part out (see docs/CONTRIBUTING.md, "Layers").',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lambdas-import-no-outer-layer',
      severity: 'error',
      comment: 'lambdas/ runs in Lambda: it imports nothing from bin, cli, lib, local or bench.',
      from: { path: '^lambdas/' },
      to: { path: '^(bin|cli|lib|local|bench)/' },
    },
    {
      name: 'lib-imports-only-lambdas',
      severity: 'error',
      comment: 'lib/ (CDK) may use lambdas/ (domain, registry, runtime contract), never cli, local or bin.',
      from: { path: '^lib/' },
      to: { path: '^(bin|cli|local|bench)/' },
    },
    {
      name: 'local-imports-no-cli',
      severity: 'error',
      comment: 'local/ (emulator, runner, rehearsal, console output) is below cli/: cli imports local, never the reverse.',
      from: { path: '^local/' },
      to: { path: '^(bin|cli)/' },
    },
    {
      name: 'cli-imports-no-bin',
      severity: 'error',
      from: { path: '^cli/' },
      to: { path: '^bin/' },
    },
    {
      name: 'only-rehearse-imports-the-rehearsal',
      severity: 'error',
      comment: 'The rehearsal (npm start) is started by cli/commands/rehearse.ts only; bench measures it.',
      from: { path: '^(bin|cli|lib|lambdas|local)/', pathNot: '^(cli/commands/rehearse\\.ts|local/rehearsal/)' },
      to: { path: '^local/rehearsal/' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'lambdas/domain/ is pure: no AWS SDK, no services, no handlers, no runtime (Powertools, clients).',
      from: { path: '^lambdas/domain/' },
      to: { path: '(^lambdas/(services|handlers|runtime)/|node_modules/@aws-sdk/|node_modules/@aws-lambda-powertools/)' },
    },
    {
      name: 'services-import-no-handlers',
      severity: 'error',
      comment: 'handlers -> services -> domain: a service never imports a handler.',
      from: { path: '^lambdas/services/' },
      to: { path: '^lambdas/handlers/' },
    },
    {
      name: 'handlers-import-no-handlers',
      severity: 'error',
      comment: 'A handler is a few lines over a service; shared code goes to a service or the domain.',
      from: { path: '^lambdas/handlers/' },
      to: { path: '^lambdas/handlers/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(cdk\\.out|cdk\\.out\\.test|\\.stryker-tmp|reports|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
