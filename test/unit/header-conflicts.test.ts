import { describe, expect, it } from 'vitest';
import { checkHeaderConflicts } from '../../src/delivery/header-conflicts.js';

// A --header replaces a default header; one another option sets on purpose is refused, naming both.
const URL = 'http://127.0.0.1:9/hook';
const GITHUB = { eventHeader: 'X-GitHub-Event', scheme: 'github', contentType: 'application/json' };

describe('--header against the options that set the same header', () => {
  it('a default header is the user\'s to replace: the event header without `event`, a signature header without `secret`', () => {
    expect(() => checkHeaderConflicts({ url: URL, headers: [['X-GitHub-Event', 'issues']] }, GITHUB)).not.toThrow();
    expect(() => checkHeaderConflicts({ url: URL, headers: { 'X-Hub-Signature-256': 'sha256=zzz', Authorization: 'Bearer x' } }, GITHUB)).not.toThrow();
  });

  it('one set by `event`, `secret` (settings included) or `authBasic` is refused', () => {
    expect(() => checkHeaderConflicts({ url: URL, event: 'push', headers: [['x-github-event', 'issues']] }, GITHUB)).toThrow('`header` x-github-event cannot be used with `event`');
    expect(() => checkHeaderConflicts({ url: URL, secret: 's', headers: [['X-Hub-Signature', 'sha1=0']] }, GITHUB)).toThrow('`header` X-Hub-Signature cannot be used with `secret`: the github signature sets it');
    const hmac = { url: URL, secret: 's', signParams: { idHeader: 'X-Id', content: '{id}.{body}' }, headers: [['x-id', '3']] as [string, string][] };
    expect(() => checkHeaderConflicts(hmac, { scheme: 'hmac' })).toThrow('`header` x-id cannot be used with `secret`');
    expect(() => checkHeaderConflicts({ url: URL, auth: { scheme: 'basic' }, headers: [['AUTHORIZATION', 'Basic x']] }, {})).toThrow('`header` AUTHORIZATION cannot be used with `authBasic`');
  });
});
