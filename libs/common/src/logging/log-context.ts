/**
 * What every log line of the work in progress carries (its clinic, say), read when the line is
 * written (pino's `mixin`). Libraries that own an async context register a provider at startup
 * (tenancy registers the clinic of the current request or job), so this library depends on none of them.
 */
export type LogContextProvider = () => Readonly<Record<string, string | undefined>> | undefined;

const providers = new Set<LogContextProvider>();

/** Adds a provider; the function returned removes it (on shutdown: several apps may share a process, as in tests). */
export function registerLogContext(provider: LogContextProvider): () => void {
  providers.add(provider);
  return () => {
    providers.delete(provider);
  };
}

/** The fields of the work in progress, merged over every provider; undefined values left out. */
export function currentLogContext(): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const provider of providers) {
    const context = provider();
    if (!context) continue;
    for (const [key, value] of Object.entries(context)) {
      if (value !== undefined) fields[key] = value;
    }
  }
  return fields;
}
