// Before any check runs, each sender check's host and port are tried: a contract whose later check
// cannot have its port (in use, below 1024, a host not of this machine) fails at once, exit 2, not
// after the earlier checks sent their deliveries and ran their commands, with their report lost.
// The port is let go at once; the check binds it again when its turn comes.
import { createServer } from 'node:net';
import { isWhkError } from '../errors.js';
import { bind } from '../util/bind.js';
import type { Contract } from './contract.js';

export async function checkListenAddresses(contract: Contract, nameOf: (index: number) => string): Promise<void> {
  for (const [i, check] of contract.checks.entries()) {
    if (!check.listen) continue;
    const server = createServer();
    try {
      await bind(server, { host: check.listen.host, port: check.listen.port });
    } catch (error) {
      // The contract's fields, as the check itself names them (listen-for-sender.ts).
      if (isWhkError(error)) {
        error.message = `check ${i + 1} (${nameOf(i)}): ${error.message}`;
        throw error.renameFields((field) => `'listen.${field}'`);
      }
      throw error;
    } finally {
      server.close();
    }
  }
}
