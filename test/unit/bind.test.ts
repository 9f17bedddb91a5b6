// Binding a port (src/util/bind.ts), shared by the receiver and the inspector page: each way a bind
// fails that a test can provoke on any machine is provoked on a real socket and comes out a usage
// error (exit 2) with a plain line; the rest are translated from errors as Node raises them.
import { createServer, type Server } from 'node:net';
import { constants } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, UsageError } from '../../src/errors.js';
import { bind, bindFailure } from '../../src/util/bind.js';

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
});

function server(): Server {
  const made = createServer();
  servers.push(made);
  return made;
}

/** The error a bind rejects with. */
async function failure(host: string, port: number, portField?: string): Promise<UsageError> {
  const error: unknown = await bind(server(), { host, port, portField }).then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as UsageError).exitCode).toBe(EXIT.usage);
  return error as UsageError;
}

/** An error as Node's server.listen raises it (a system error with its code, errno and syscall). */
function systemError(code: keyof typeof constants.errno, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, errno: -constants.errno[code], syscall: 'listen' });
}

describe('bind', () => {
  it('listens where it is told', async () => {
    const listening = server();
    await bind(listening, { host: '127.0.0.1', port: 0 });
    expect(listening.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('a port in use: says so, and names the option that set it', async () => {
    const taken = server();
    await bind(taken, { host: '127.0.0.1', port: 0 });
    const port = (taken.address() as { port: number }).port;
    const error = await failure('127.0.0.1', port);
    expect(error.message).toBe(`port ${port} on 127.0.0.1 is in use`);
    expect(error.hint).toBe('pick another `port`, or `port` 0 for any free port');
    expect((await failure('127.0.0.1', port, 'uiPort')).hint).toBe('pick another `uiPort`, or `uiPort` 0 for any free port');
    // The API's error names the option at fault in `field`, as its other errors do.
    expect([error.field, (await failure('127.0.0.1', port, 'uiPort')).field]).toEqual(['port', 'uiPort']);
  });

  it('a host that is not an address of this machine (EADDRNOTAVAIL)', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of a real interface.
    const error = await failure('192.0.2.1', 0);
    expect(error.message).toBe("cannot listen on host '192.0.2.1': it is not an address of this machine");
    expect(error.hint).toMatch(/^give `host` an address of this machine: 127\.0\.0\.1/);
    expect(error.field).toBe('host');
  });

  it('a host name that does not resolve (ENOTFOUND, or EAI_AGAIN without a resolver)', async () => {
    // .invalid never resolves (RFC 6761); 256.1.1.1 is what a mistyped address looks like.
    for (const host of ['no-such-host.invalid', '256.1.1.1']) {
      const error = await failure(host, 0);
      expect(error.message).toBe(`cannot listen on host '${host}': it is not an IP address, and no address was found for the name`);
      expect(error.message).not.toMatch(/getaddrinfo|ENOTFOUND/);
      expect(error.field).toBe('host');
    }
  });

  it('a port the user may not bind (EACCES), as Node raises it', () => {
    // Ports below 1024 refuse only a user without the privilege; tests may run as root, who binds
    // them, so the error is built as server.listen raises it instead of provoked.
    const error = bindFailure(systemError('EACCES', 'listen EACCES: permission denied 127.0.0.1:80'), { host: '127.0.0.1', port: 80, portField: 'uiPort' });
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({
      exitCode: EXIT.usage,
      message: 'no permission to listen on port 80 on 127.0.0.1',
      hint: 'ports below 1024 need root (or CAP_NET_BIND_SERVICE): pick `uiPort` 1024 or above, or `uiPort` 0 for any free port',
    });
  });

  it('any other refusal from the system is a usage error in its own words; an error of no system call is left as it is', () => {
    const error = bindFailure(systemError('EAFNOSUPPORT', 'listen EAFNOSUPPORT: address family not supported ::1:9000'), { host: '::1', port: 9000 });
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/^cannot listen on port 9000 on ::1: address family not supported/);
    const bug = new TypeError('server.listen is not a function');
    expect(bindFailure(bug, { host: '127.0.0.1', port: 0 })).toBe(bug);
  });
});
