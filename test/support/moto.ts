/**
 * Integration-test support: one real moto_server per test file, started on a
 * free loopback port before the tests and stopped after them.
 */
import { makeClientFactory, type ClientFactory } from '../../lambdas/runtime/clients';
import type { RuntimeConfig } from '../../lambdas/runtime/runtime-config';
import { applyLocalEnvironment, localRuntimeConfig } from '../../local/local-environment';
import { type MotoServer, resetMoto, startMotoServer } from '../../local/moto-server';
import { type SeededWorld, seedWorld, type SeedOptions } from '../../local/seed-world';

export interface MotoHandle {
  readonly endpoint: string;
  readonly clients: ClientFactory;
  /** Forgets everything, then seeds a fresh world (database, keys, alert topic) for `config`. */
  freshWorld(config?: RuntimeConfig, seed?: SeedOptions): Promise<{ config: RuntimeConfig; world: SeededWorld }>;
}

export function useMoto(): MotoHandle {
  let server: MotoServer | undefined;
  let clients: ClientFactory | undefined;
  beforeAll(async () => {
    server = await startMotoServer();
    clients = makeClientFactory({ endpoint: server.endpoint });
  }, 60000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get endpoint() {
      if (!server) throw new Error('moto_server is not running (useMoto() must be called at describe level)');
      return server.endpoint;
    },
    get clients() {
      if (!clients) throw new Error('moto_server is not running');
      return clients;
    },
    async freshWorld(config = localRuntimeConfig(), seed = {}) {
      await resetMoto(this.endpoint);
      applyLocalEnvironment(config, this.endpoint);
      const world = await seedWorld(config, this.clients, seed);
      return { config, world };
    },
  };
}
