// What the stores' errors mean to people: the reason a client shows and health reports.

import { describe, expect, it } from 'vitest';
import { describeWriteFailure } from '../../../../server/storage/write-failure.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('describeWriteFailure', () => {
  it.each([
    [withCode('SQLITE_FULL'), 'disk_full'],
    [withCode('SQLITE_IOERR_WRITE'), 'io_error'],
    [withCode('SQLITE_READONLY_DBMOVED'), 'read_only'],
    [withCode('SQLITE_BUSY'), 'busy'],
    [withCode('53100', 'could not extend file: No space left on device'), 'disk_full'],
    [withCode('25006', 'cannot execute INSERT in a read-only transaction'), 'read_only'],
    [withCode('57P01', 'terminating connection due to administrator command'), 'unreachable'],
    [withCode('ECONNREFUSED'), 'unreachable'],
    [new Error('Connection terminated unexpectedly'), 'unreachable'],
    [new Error('Query read timeout'), 'unreachable'],
    [new Error('Failed query: insert …', { cause: withCode('53100') }), 'disk_full'],
    [new Error('something else'), 'unknown'],
  ])('%s reads as %s', (error, reason) => {
    const failure = describeWriteFailure(error);
    expect(failure.reason).toBe(reason);
    // Every reason comes with a sentence for people and advice for the operator.
    expect(failure.message).toMatch(/\.$/);
    expect(failure.advice.length).toBeGreaterThan(20);
  });

  it('says what a full disk means in words a person knows', () => {
    expect(describeWriteFailure(withCode('SQLITE_FULL')).message).toMatch(/disk is full/);
  });
});
