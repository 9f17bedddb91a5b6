// Binding a server to a host and port, and why it could not be had, in words. One reading for the
// receiver (listen, check's sender checks) and the inspector page (listen --ui, inspect), so a port
// below 1024, a port in use or a host that is not this machine's is a usage error everywhere.
import type { Server } from 'node:net';
import { getSystemErrorMap } from 'node:util';
import { fieldRef, UsageError } from '../errors.js';

export interface BindTarget {
  host: string;
  port: number;
  /** The option that set the port, named in hints: 'port' by default (listen's page: 'uiPort'). */
  portField?: string | undefined;
}

/** Listens on the target, or throws a UsageError saying why its host or port cannot be had. */
export async function bind(server: Server, target: BindTarget): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(target.port, target.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw bindFailure(error, target);
  }
}

const HOST_HINT = 'give `host` an address of this machine: 127.0.0.1 (this machine only), or 0.0.0.0 (every interface)';

/** An IPv6 address given as a URL writes it ('[::1]'): the address itself is meant. */
function bracketedHint(host: string): string | undefined {
  const inside = /^\[(.+)\]$/.exec(host)?.[1];
  return inside === undefined ? undefined : `did you mean '${inside}'? \`host\` takes an IPv6 address without the brackets a URL puts around it`;
}

/** The UsageError a failed bind stands for; an error that is no system error (a bug) comes back as it is. */
export function bindFailure(error: unknown, { host, port, portField = 'port' }: BindTarget): unknown {
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  const portRef = fieldRef(portField);
  switch (code) {
    case 'EADDRINUSE':
      return new UsageError(`port ${port} on ${host} is in use`, `pick another ${portRef}, or ${portRef} 0 for any free port`, portField);
    case 'EACCES':
      return new UsageError(`no permission to listen on port ${port} on ${host}`, `ports below 1024 need root (or CAP_NET_BIND_SERVICE): pick ${portRef} 1024 or above, or ${portRef} 0 for any free port`, portField);
    case 'EADDRNOTAVAIL':
      return new UsageError(`cannot listen on host '${host}': it is not an address of this machine`, HOST_HINT, 'host');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new UsageError(`cannot listen on host '${host}': it is not an IP address, and no address was found for the name`, bracketedHint(host) ?? HOST_HINT, 'host');
  }
  // Any other refusal from the system (an address family the machine lacks, say) is still about
  // the host or port given; its own words are plain (the message would add the syscall and code).
  const reason = typeof errno === 'number' ? getSystemErrorMap().get(errno)?.[1] : undefined;
  if (typeof code !== 'string' || reason === undefined) return error;
  return new UsageError(`cannot listen on port ${port} on ${host}: ${reason}`, `check \`host\` and ${portRef}`);
}
