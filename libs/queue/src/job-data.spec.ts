import { assertJobData, assertQueueName, deadLetterQueue, MAX_JOB_DATA_BYTES } from './job-data';

describe('assertJobData', () => {
  it('accepts a flat object of ids, numbers, flags, nulls and arrays of ids', () => {
    expect(() => assertJobData({ clinicId: 'c1', conversationId: 'v1', attempt: 2, urgent: true, note: null, messageIds: ['m1', 'm2'] })).not.toThrow();
  });

  it('refuses values that are not plain objects', () => {
    for (const value of [null, 'id', 3, ['a'], new Date(), new Map()]) expect(() => assertJobData(value)).toThrow(TypeError);
  });

  it('refuses nested objects, which is where documents and patient records would hide', () => {
    expect(() => assertJobData({ patient: { name: 'x' } })).toThrow(/patient/);
    expect(() => assertJobData({ ids: [{ id: 1 }] })).toThrow(TypeError);
    expect(() => assertJobData({ n: Number.NaN })).toThrow(TypeError);
  });

  it('refuses data larger than the limit', () => {
    expect(() => assertJobData({ blob: 'x'.repeat(MAX_JOB_DATA_BYTES) })).toThrow(/bytes/);
  });
});

describe('assertQueueName', () => {
  it('accepts lower-case dotted names and keeps the .dead suffix for dead-letter queues', () => {
    expect(() => assertQueueName('conversation.process')).not.toThrow();
    expect(() => assertQueueName('Conversation')).toThrow(TypeError);
    expect(() => assertQueueName('')).toThrow(TypeError);
    expect(() => assertQueueName('x.dead')).toThrow(/dead-letter/);
    expect(deadLetterQueue('conversation.process')).toBe('conversation.process.dead');
  });
});
