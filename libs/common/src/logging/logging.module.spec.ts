import pino from 'pino';
import { registerLogContext } from './log-context';
import { pinoHttpOptions } from './logging.module';

/** A pino logger with the API's options, writing into an array. */
function capture(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const raw: string[] = [];
  const options = pinoHttpOptions('info') as pino.LoggerOptions;
  const logger = pino(options, { write: (line: string) => void raw.push(line) });
  return { logger, lines: () => raw.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('the API’s pino options', () => {
  it('adds the registered context (the clinic of the work in progress) to every line, the line’s own fields winning', () => {
    let clinicId: string | undefined = 'clinic-a';
    const unregister = registerLogContext(() => ({ clinicId }));
    try {
      const { logger, lines } = capture();
      logger.info('inside a job');
      logger.child({ requestId: 'r1' }).warn({ clinicId: undefined, queue: 'q' }, 'explicitly undefined');
      logger.info({ clinicId: 'clinic-b' }, 'explicit');
      clinicId = undefined;
      logger.info('outside any clinic');
      expect(lines().map(({ msg, clinicId: id, requestId }) => ({ msg, clinicId: id, requestId }))).toEqual([
        { msg: 'inside a job', clinicId: 'clinic-a', requestId: undefined },
        { msg: 'explicitly undefined', clinicId: 'clinic-a', requestId: 'r1' },
        { msg: 'explicit', clinicId: 'clinic-b', requestId: undefined },
        { msg: 'outside any clinic', clinicId: undefined, requestId: undefined },
      ]);
    } finally {
      unregister();
    }
  });

  it('masks phone numbers in messages, format arguments, objects and errors, and redacts secrets', () => {
    const { logger, lines } = capture();
    logger.info('message from %s', '+33612345678');
    logger.info({ waId: '33612345678', meta: { access_token: 'EAAG-secret', verify_token: 'v' }, token: 't' }, 'object');
    logger.error(Object.assign(new Error('Could not deliver to +33612345678'), { detail: 'Key (phone)=(+33612345678)' }), 'failed');
    const text = lines().map((line) => JSON.stringify(line)).join('\n');
    expect(text).not.toMatch(/612345678|EAAG-secret|"v"|"t"/);
    expect(lines()[0].msg).toBe('message from +336••••••78');
    expect(lines()[1]).toMatchObject({ waId: '336••••••78', meta: { access_token: '[redacted]', verify_token: '[redacted]' }, token: '[redacted]' });
    expect(lines()[2]).toMatchObject({ msg: 'failed', err: { message: 'Could not deliver to +336••••••78', detail: 'Key (phone)=(+336••••••78)' } });
  });
});
