import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import { closeServer, DelayTimers, listen, readBody, waitForEvent, writeJson } from '@sophie/fake-kit';

describe('fake-kit', () => {
  it('listens on loopback, reads bodies up to the limit, answers JSON, and closes', async () => {
    const server = createServer((req, res) => {
      void readBody(req, 4).then((bytes) => writeJson(res, bytes ? 200 : 413, { got: bytes?.toString('utf8') ?? null }));
    });
    const baseUrl = await listen(server);
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const small = await fetch(baseUrl, { method: 'POST', body: 'abcd' });
    expect([small.status, small.headers.get('content-type'), await small.json()]).toEqual([200, 'application/json; charset=UTF-8', { got: 'abcd' }]);
    const large = await fetch(baseUrl, { method: 'POST', body: 'abcde' });
    expect([large.status, await large.json()]).toEqual([413, { got: null }]);
    await closeServer(server);
    expect(server.listening).toBe(false);
  });

  it('waits for the first accepted event and removes its listener', async () => {
    const emitter = new EventEmitter();
    const waiting = waitForEvent(emitter, 'n', (n: number) => (n > 1 ? n * 10 : undefined), 1000, () => 'never');
    emitter.emit('n', 1);
    emitter.emit('n', 2);
    await expect(waiting).resolves.toBe(20);
    expect(emitter.listenerCount('n')).toBe(0);
  });

  it('rejects with the description of the moment it gave up', async () => {
    const emitter = new EventEmitter();
    let seen = 0;
    const waiting = waitForEvent(emitter, 'n', () => undefined, 20, () => `gave up after ${seen}`);
    seen = 3;
    await expect(waiting).rejects.toThrow('gave up after 3');
    expect(emitter.listenerCount('n')).toBe(0);
  });

  it('sleeps, and forgets pending sleeps when cleared', async () => {
    const timers = new DelayTimers();
    await timers.sleep(5);
    let woke = false;
    void timers.sleep(20).then(() => (woke = true));
    timers.clear();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(woke).toBe(false);
  });
});
