import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { defaultApiUrl, defaultGraphUrl, DEFAULT_CHAT_PHONE } from './chat/chat-defaults';
import { CliIo, withCliContext, writeLine } from './cli-context';
import { chatCommand, ChatOptions } from './commands/chat.command';
import { backupCommand, decryptBackupFileCommand, restoreCommand, verifyBackupCommand } from './commands/backup.command';
import { decommissionClinicCommand, listClinicsCommand, provisionClinicCommand, setClinicActiveCommand } from './commands/clinics.command';
import { migrateCommand } from './commands/migrate.command';
import { generateKeyCommand, keysStatusCommand, rotateKeysCommand } from './commands/keys.command';
import { DEMO_CLINIC_NAME } from './commands/demo-clinic';
import { seedDemoCommand } from './commands/seed-demo.command';
import { MIN_LEASE_SECONDS } from '@sophie/servers';
import { moveClinicCommand } from './commands/move.command';
import { addServersCommands } from './commands/servers.command';
import { createUserCommand } from './commands/users.command';

function leaseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < MIN_LEASE_SECONDS || n > 3600) throw new InvalidArgumentError(`must be a whole number of seconds from ${MIN_LEASE_SECONDS} to 3600`);
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('must be a whole number from 1 to 64');
  return n;
}

/** Runs one CLI command and returns its exit code: 0 done, 1 some clinic failed, 2 refused. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const run = (work: Parameters<typeof withCliContext<number>>[1], options?: Parameters<typeof withCliContext<number>>[2]) => async (): Promise<void> => {
    exitCode = await withCliContext(io, work, options);
  };
  const program = new Command('sophie')
    .description('Sophie operator CLI')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('migrate')
    .description('Migrate the registry, then every clinic database')
    .option('--clinic <id>', 'only this clinic')
    .option('--concurrency <n>', 'clinic databases migrated at once', positiveInt)
    .option('--status', 'show what is pending where; change nothing')
    .action((options: { clinic?: string; concurrency?: number; status?: boolean }) => run((ctx) => migrateCommand(ctx, options))());

  const clinics = program.command('clinics').description('Clinics in the registry');
  clinics.command('list').description('List clinics').action(() => run((ctx) => listClinicsCommand(ctx))());
  clinics
    .command('provision')
    .description('Provision a clinic (its own database and role)')
    .requiredOption('--name <name>', 'clinic name')
    .requiredOption('--timezone <zone>', 'IANA time zone, e.g. Europe/Paris')
    .option('--phone <phone>')
    .option('--address <address>')
    .option('--email <email>')
    .option('--website <url>')
    .option('--opening-hours <text>')
    .option('--emergency-message <text>')
    .option('--default-language <code>', 'ISO 639-1 code', 'fr')
    .option('--onboarding-form-url <url>')
    .action((o: Record<string, string | undefined>) =>
      run((ctx) =>
        provisionClinicCommand(ctx, {
          name: o.name,
          timezone: o.timezone,
          phone: o.phone,
          address: o.address,
          email: o.email,
          website: o.website,
          opening_hours: o.openingHours,
          emergency_message: o.emergencyMessage,
          default_language: o.defaultLanguage,
          onboarding_form_url: o.onboardingFormUrl,
        }),
      )(),
    );

  const keys = program.command('keys').description('The key secrets at rest are sealed with (SECRETS_KEY, SECRETS_KEYS_PREVIOUS)');
  keys
    .command('generate')
    .description('Print a new random key (base64) on standard output')
    .action(() => {
      exitCode = generateKeyCommand(io);
    });
  keys
    .command('status')
    .description('Per database, how many sealed values are under which key; whether the previous keys are still in use')
    .option('--concurrency <n>', 'clinic databases read at once', positiveInt)
    .action((options: { concurrency?: number }) => run((ctx) => keysStatusCommand(ctx, options))());
  keys
    .command('rotate')
    .description('Re-encrypt every sealed value under SECRETS_KEY (the API keeps serving; previous keys stay readable)')
    .option('--concurrency <n>', 'clinic databases re-encrypted at once', positiveInt)
    .action((options: { concurrency?: number }) => run((ctx) => rotateKeysCommand(ctx, options))());

  clinics
    .command('suspend <id>')
    .description('Suspend a clinic: the API and its webhooks refuse it (403), its data is kept')
    .action((id: string) => run((ctx) => setClinicActiveCommand(ctx, id, false))());
  clinics
    .command('reactivate <id>')
    .description('Reactivate a suspended clinic')
    .action((id: string) => run((ctx) => setClinicActiveCommand(ctx, id, true))());
  clinics
    .command('decommission <id>')
    .description('Decommission a suspended clinic: a verified final export under BACKUP_DIR, then its database and role dropped; a tombstone stays')
    .requiredOption('--confirm-name <name>', "the clinic's exact name, as a confirmation")
    .action((id: string, o: { confirmName: string }) => run((ctx) => decommissionClinicCommand(ctx, id, o.confirmName))());

  addServersCommands(program, (work) => run(work));

  clinics
    .command('move <id>')
    .description("Move a clinic's database and role to another server; its writes are refused (503, Retry-After) only while it is copied")
    .requiredOption('--to <server>', 'the server (name or id) to move it to')
    .option('--lease <seconds>', 'how long writes stay refused should this run die without a word (default 60)', leaseSeconds)
    .action((id: string, o: { to: string; lease?: number }) => run((ctx) => moveClinicCommand(ctx, id, o))());

  const backup = program
    .command('backup')
    .description('Dump the registry and every clinic database (pg_dump, sealed with SECRETS_KEY) into a new folder with a manifest')
    .option('--out <folder>', 'parent folder of the new backup (default BACKUP_DIR)')
    .option('--concurrency <n>', 'clinic databases dumped at once', positiveInt)
    .action((options: { out?: string; concurrency?: number }) => run((ctx) => backupCommand(ctx, options))());
  backup
    .command('decrypt <file> <out>')
    .description('Decrypt one sealed dump into a plain pg_dump archive (0600), e.g. to restore a lost registry with pg_restore')
    .action(async (file: string, out: string) => {
      exitCode = await decryptBackupFileCommand(io, file, out);
    });
  backup
    .command('verify <folder>')
    .description('Check that every file of a backup decrypts and that pg_restore can read it')
    .action((folder: string) => run((ctx) => verifyBackupCommand(ctx, folder))());

  program
    .command('restore')
    .description('Bring one clinic back from a backup or a final export (into a new database; the registry then switches to it)')
    .requiredOption('--clinic <id>', 'the clinic')
    .requiredOption('--from <folder>', 'the backup folder (the one holding manifest.json)')
    .option('--force', 'restore over an active clinic, losing what it recorded since the backup')
    .action((options: { clinic: string; from: string; force?: boolean }) => run((ctx) => restoreCommand(ctx, options))());

  program
    .command('users')
    .description('Dashboard users')
    .command('create')
    .description('Create a clinic admin (--clinic) or a superadmin (--superadmin)')
    .requiredOption('--username <name>')
    .option('--password <password>', 'generated and printed once when omitted')
    .option('--clinic <id>', 'the clinic this admin belongs to')
    .option('--superadmin', 'create a superadmin')
    .action((options: { username: string; password?: string; clinic?: string; superadmin?: boolean }) => run((ctx) => createUserCommand(ctx, options))());

  program
    .command('seed-demo')
    .description('Provision a demo clinic: profile, an admin, practitioners, treatments, working hours and a WhatsApp configuration (each run makes a new one)')
    .option('--name <name>', 'clinic name; a short random suffix is added', DEMO_CLINIC_NAME)
    .action((options: { name: string }) => run((ctx) => seedDemoCommand(ctx, options), { clinicServices: true })());

  program
    .command('chat')
    .description("Chat with a clinic's assistant as a WhatsApp patient, through the server's webhook and the fake Graph API (npm run fake:meta)")
    .requiredOption('--clinic <id>', 'the clinic (one with a WhatsApp configuration, e.g. from seed-demo)')
    .option('--phone <number>', "the patient's WhatsApp number, international form", DEFAULT_CHAT_PHONE)
    .option('--api <url>', 'the server', defaultApiUrl(io.env))
    .option('--graph <url>', 'the fake Graph API the server sends to (its META_GRAPH_URL)', defaultGraphUrl(io.env))
    .option('--name <name>', "the patient's WhatsApp profile name", 'Marie')
    .action(async (options: ChatOptions) => {
      exitCode = await chatCommand(io, io.stdin ?? process.stdin, options);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    writeLine(io.stderr, error instanceof Error ? error.message : String(error));
    return 2;
  }
  return exitCode;
}

