#!/usr/bin/env node
/** The operator CLI: `npx tsx bin/cli.ts <command>` (or `npm run cli -- <command>`). */
import { Command } from 'commander';

import { register as registerRehearse } from '../cli/commands/rehearse';
import { register as registerBackup } from '../cli/commands/backup';
import { register as registerCleanup } from '../cli/commands/cleanup';
import { register as registerMetrics } from '../cli/commands/metrics';
import { register as registerRedisBackup } from '../cli/commands/redis-backup';
import { register as registerRedisRestore } from '../cli/commands/redis-restore';
import { register as registerRestore } from '../cli/commands/restore';
import { register as registerRestoreTest } from '../cli/commands/restore-test';
import { register as registerFailover } from '../cli/commands/failover';
import { register as registerReplicas } from '../cli/commands/replicas';
import { register as registerDrDrill } from '../cli/commands/dr-drill';

// The SDK's notice that its 2027 releases need Node.js 22 would interleave with the
// operator's progress lines; the README states the Node.js versions this tool supports.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const program = new Command()
  .name('muejam-dr')
  .description('MueJam backup & disaster recovery: run and follow the workflows by hand')
  .showHelpAfterError();

registerRehearse(program);
registerBackup(program);
registerCleanup(program);
registerMetrics(program);
registerRedisBackup(program);
registerRedisRestore(program);
registerRestore(program);
registerRestoreTest(program);
registerFailover(program);
registerReplicas(program);
registerDrDrill(program);

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`error: ${err.message}`);
  process.exitCode = process.exitCode || 1;
});
