/** Plumbing shared by the local fake HTTP servers (apps/fake-meta, apps/fake-google): listening, bodies, waiting, `main`. */
export { closeServer, isObject, listen, parseObject, readBody, writeJson } from './http';
export type { ListenOptions } from './http';
export { runFakeMain } from './run-fake-main';
export type { FakeMain } from './run-fake-main';
export { DelayTimers, waitForEvent } from './timers';
