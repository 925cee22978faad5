import type { Command } from 'commander';
import { rehearse } from '../../local/rehearsal';
import { MotoServerMissing } from '../../local/moto-server';

export function register(program: Command): void {
  program
    .command('rehearse')
    .description('rehearse the real workflows end to end on an embedded AWS emulator (moto_server) and print what happened')
    .option('--only <sections...>', 'run only these sections (ids as printed in the summary)')
    .action(async (opts: { only?: string[] }) => {
      try {
        const ok = await rehearse({ endpoint: process.env.AWS_ENDPOINT_URL || undefined, only: opts.only });
        process.exitCode = ok ? 0 : 1;
      } catch (err) {
        if (err instanceof MotoServerMissing) {
          console.error(err.message);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
    });
}
