// listen() refuses the pairs of options `whk listen` refuses (receiver/option-pairs.ts, one rule for
// both): they were taken, and one silently won (a forwardTo over the statuses) or did nothing (a seed
// without failRate, a tolerance without a secret or where no scheme signs a time, strict with kind, a
// secret a kind never signs with).
import { describe, expect, it } from 'vitest';
import { listen, UsageError, type ListenOptions } from 'whk';
import { flagNamer } from '../../src/options/index.js';
import { listenOptions } from '../../src/options/listen.js';
import { renameFields } from '../../src/errors.js';
import { closedAfterEach } from '../helpers/server.js';
import { runCli } from '../helpers/cli.js';

const started = closedAfterEach((options: ListenOptions) => listen(options));
const app = 'http://127.0.0.1:1/app';

// Each pair as listen() takes it, as `whk listen` takes it, the message listen() gives and its `field`.
const refused: Array<[ListenOptions, string[], string, string]> = [
  [{ forwardTo: app, respond: [500, 200] }, ['--forward-to', app, '--respond', '500,200'], "`forwardTo` answers with your app's status; it cannot be combined with `respond`", 'forwardTo'],
  [{ forwardTo: app, routes: { '/a': 200 } }, ['--forward-to', app, '--route', '/a=200'], "`forwardTo` answers with your app's status; it cannot be combined with `routes`", 'forwardTo'],
  [{ forwardTo: app, failRate: 0.5 }, ['--forward-to', app, '--fail-rate', '0.5'], "`forwardTo` answers with your app's status; it cannot be combined with `failRate`", 'forwardTo'],
  [{ seed: 5 }, ['--seed', '5'], '`seed` needs `failRate`', 'seed'],
  [{ tolerance: '1m' }, ['--tolerance', '1m'], '`tolerance` needs `secret` or `verify`', 'tolerance'],
  [{ strict: true, kind: 'github' }, ['--strict', '--kind', 'github'], '`strict` cannot be used with `kind`: with `kind` every request is of that kind, so none is unknown', 'strict'],
  [{ kind: 'metric-alert', secret: 's' }, ['--kind', 'metric-alert', '--secret', 's'], '`secret` has nothing to verify: `kind` metric-alert signs nothing, so no scheme reads the secret', 'secret'],
  [{ tolerance: 60_000, verify: ['github'], secret: 's' }, ['--tolerance', '1m', '--verify', 'github', '--secret', 's'], '`tolerance` cannot be used with the github scheme: it signs no timestamp', 'tolerance'],
  [{ tolerance: '1m', kind: 'github', secret: 's' }, ['--tolerance', '1m', '--kind', 'github', '--secret', 's'], '`tolerance` cannot be used with the github scheme: it signs no timestamp', 'tolerance'],
];

async function refusal(options: ListenOptions): Promise<UsageError> {
  const error = await started(options).then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

describe('listen() refuses the option pairs whk listen refuses', () => {
  it.each(refused.map(([options, , message, field]) => [JSON.stringify(options), options, message, field] as const))('%s', async (_name, options, message, field) => {
    const error = await refusal(options);
    expect([error.message, error.field]).toEqual([message, field]);
  });

  it('in the words of whk listen, its flags for the fields: one rule for both', async () => {
    const results = await Promise.all(refused.map(([, args]) => runCli(['listen', '--port', '0', '--timeout', '5s', ...args])));
    const asFlags = (message: string): string => renameFields(message.replaceAll('`routes`', '`route`'), flagNamer(listenOptions));
    results.forEach((result, i) => expect([result.code, result.stderr.split('\n')[0]]).toEqual([2, `error: ${asFlags(refused[i]?.[2] ?? '')}`]));
    // Nine processes started at once: slow on a busy machine, never timed.
  }, 90_000);

  it('each with what it modifies, or false, or empty, is taken', async () => {
    for (const options of [{ seed: 5, failRate: 0.5 }, { tolerance: '1m', secret: 's' }, { tolerance: 60_000, verify: ['stripe'], secret: 's' }, { strict: false, kind: 'github' }, { kind: 'github', secret: 's' }, { kind: 'metric-alert', verify: ['hmac'], secret: 's' }, { forwardTo: app, routes: {}, secret: [] }] satisfies ListenOptions[]) {
      await expect(started(options)).resolves.toMatchObject({ host: '127.0.0.1' });
    }
  });
});
