import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@sophie/common';
import { migrateRegistry } from '@sophie/registry';
import { createApiApp } from '../apps/api/src/app.factory';
import { BenchPostgres, benchConfig, dropInstallation, randomPrefix, SUPERADMIN_PASSWORD } from './environment';
import { Api } from './installation';
import { machineCpu, postgresCpuMs, processCpuMs } from './cpu';
import type { LoadGenerator, LoadSpec } from './load';
import type { Measured } from './report';
import type { BenchOptions } from './options';

/** One headline figure of a scenario, for the summary table at the end (and BENCHMARKS.md). */
export interface Figure {
  name: string;
  value: string;
  /** The goal, in words (e.g. `>= 0.90`), when the issue sets one. */
  goal?: string;
  met?: boolean;
}

/** What a scenario prints: its own section (tables, notes) and its headline figures. */
export interface ScenarioReport {
  lines: string[];
  figures: Figure[];
}

export interface Scenario {
  /** Short name, used by `--only` (e.g. `routing`). */
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<ScenarioReport>;
}

export interface InstallationSettings {
  tenantPoolSize?: number;
  tenantMaxConnections?: number;
  /** More environment for the API (e.g. QUEUE_WORKERS=false). */
  env?: Record<string, string>;
  /** Nest modules mounted beside AppModule (the bench's baseline controllers). */
  imports?: DynamicModule[];
  /** Work to do before the API starts (e.g. create the single database the imports connect to). */
  beforeStart?: (prefix: string) => Promise<void>;
}

/** An API installation of its own: a random prefix, its registry, the API listening on loopback, a superadmin token. */
export interface BenchInstallation {
  prefix: string;
  config: AppConfig;
  app: NestExpressApplication;
  api: Api;
  token: string;
  /** Closes the API and drops every database and role of the installation. */
  close(): Promise<void>;
}

const started = performance.now();

/** Progress on stderr, with the time since the bench started. */
export function progress(message: string): void {
  console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
}

/** Things to undo, last first. */
export class Cleanup {
  private readonly steps: Array<{ name: string; run: () => Promise<unknown> }> = [];
  private running?: Promise<void>;

  add(name: string, run: () => Promise<unknown>): () => Promise<void> {
    const step = { name, run };
    this.steps.push(step);
    // Undo now, and forget the step (a scenario that ends cleans up after itself).
    return async () => {
      const index = this.steps.indexOf(step);
      if (index < 0) return;
      this.steps.splice(index, 1);
      await step.run();
    };
  }

  /** Runs the steps once; a second caller (a signal during cleanup) waits for the same run. */
  run(): Promise<void> {
    this.running ??= this.runSteps();
    return this.running;
  }

  private async runSteps(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`Cleanup step "${step.name}" failed:`, error instanceof Error ? error.message : error);
      }
    }
  }
}

/** What every scenario gets: the options, the PostgreSQL server, the load generator, cleanup, and a way to build installations. */
export class BenchContext {
  constructor(
    readonly options: BenchOptions,
    readonly postgres: BenchPostgres,
    readonly load: LoadGenerator,
    readonly cleanup: Cleanup,
    /** The PostgreSQL postmaster's pid when it runs on this machine (CPU accounting). */
    readonly postmaster: number | undefined,
  ) {}

  progress(message: string): void {
    progress(message);
  }

  /**
   * One load run, with the CPU this process (the server), PostgreSQL and the whole machine spent meanwhile, and
   * the clinic pools opened (when `poolOpens` reads a counter).
   */
  async measure(spec: LoadSpec, poolOpens: () => number = () => 0): Promise<Measured> {
    const opens = poolOpens();
    const server = processCpuMs();
    const machine = machineCpu();
    const pg = postgresCpuMs(this.postmaster);
    const result = await this.load.run(spec);
    const machineAfter = machineCpu();
    const pgAfter = postgresCpuMs(this.postmaster);
    const known = machine !== undefined && machineAfter !== undefined;
    return {
      ...result,
      serverCpuMs: processCpuMs().total - server.total,
      serverSystemMs: processCpuMs().system - server.system,
      postgresCpuMs: pg === undefined || pgAfter === undefined ? undefined : pgAfter - pg,
      machineBusyMs: known ? machineAfter.busyMs - machine.busyMs : undefined,
      stealMs: known ? machineAfter.stealMs - machine.stealMs : undefined,
      poolOpens: poolOpens() - opens,
    };
  }

  /** `full` normally, `quick` with --quick: scenario sizes scale with it. */
  pick<T>(full: T, quick: T): T {
    return this.options.quick ? quick : full;
  }

  async installation(settings: InstallationSettings = {}): Promise<BenchInstallation> {
    const prefix = randomPrefix();
    const drop = this.cleanup.add(`drop ${prefix}_*`, async () => {
      const dropped = await dropInstallation(this.postgres.adminUrl, prefix);
      progress(`Dropped ${dropped.databases} databases and ${dropped.roles} roles of ${prefix}_*`);
    });
    const config = await benchConfig(
      this.postgres.adminUrl,
      prefix,
      { poolSize: settings.tenantPoolSize ?? this.options.tenantPoolSize, maxConnections: settings.tenantMaxConnections ?? this.options.tenantMaxConnections },
      settings.env,
    );
    await migrateRegistry(config.registryUrl);
    await settings.beforeStart?.(prefix);
    const { app } = await createApiApp(config, { logger: false, imports: settings.imports ?? [] });
    const closeApp = this.cleanup.add(`close the API of ${prefix}`, () => app.close());
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const api = new Api(`http://127.0.0.1:${port}`);
    const token = await api.login(config.superadminUsername, SUPERADMIN_PASSWORD);
    progress(`API of ${prefix} listening on ${api.baseUrl}`);
    return {
      prefix,
      config,
      app,
      api,
      token,
      close: async () => {
        await closeApp();
        await drop();
      },
    };
  }
}
