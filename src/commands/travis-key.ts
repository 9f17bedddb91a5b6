// The key pair whk signs Travis CI deliveries with (Travis signs with its own private key, which
// no one else has): a PEM file, created on first use. `whk travis-key FILE` prints its public key,
// the one `whk listen --travis-public-key` verifies with, as a receiver would use Travis's /config.
import { readFile, writeFile } from 'node:fs/promises';
import type { CliContext } from '../context.js';
import { InputError, UsageError } from '../errors.js';
import { parseOptions } from '../options/schema.js';
import { createOutput } from '../ui/output.js';
import { generateTravisKeys, isTravisPrivateKey, readTravisPublicKey, TRAVIS_KEY_REFUSALS, TRAVIS_PUBLIC_KEY_HINT, travisPublicKey } from '../signing/schemes/travis.js';
import { readFailure, writeFailure } from '../util/file-errors.js';

/**
 * The private key PEM in `file`, generated and written (mode 0600) when the file does not exist; a
 * new one is told to `say`, as `whk travis-key` tells it: a secret written where the user may not expect one.
 */
export async function travisPrivateKey(file: string, say: (line: string) => void): Promise<string> {
  const { pem, created } = await keyFile(file, `--travis-key '${file}'`);
  if (created) say(createdLine(file));
  return pem;
}

const createdLine = (file: string): string => `created '${file}': a new RSA private key (mode 0600)`;

/** The key in the file, or a new one written there; `name` is how messages name the file. */
async function keyFile(file: string, name: string): Promise<{ pem: string; created: boolean }> {
  // `-` is stdin elsewhere: here it would have been a file named '-' holding a private key.
  if (file === '-') throw new UsageError(TRAVIS_KEY_REFUSALS.dash.message(name), TRAVIS_KEY_REFUSALS.dash.hint);
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`cannot read ${name}: ${readFailure(error)}`, undefined, error);
    return { pem: await createKeyFile(file, name), created: true };
  }
  if (!isTravisPrivateKey(pem)) {
    throw new InputError(TRAVIS_KEY_REFUSALS.noKey.message(name), TRAVIS_KEY_REFUSALS.noKey.hint);
  }
  return { pem, created: false };
}

async function createKeyFile(file: string, name: string): Promise<string> {
  const { privateKey } = generateTravisKeys();
  try {
    await writeFile(file, privateKey, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new InputError(`cannot create ${name}: ${writeFailure(error, file)}`, undefined, error);
  }
  return privateKey;
}

/** The public key to verify with, from a file holding a public key or a private one. */
export async function travisVerifyKey(file: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read --travis-public-key '${file}': ${readFailure(error)}`, undefined, error);
  }
  const key = readTravisPublicKey(pem);
  if (key === undefined) throw new InputError(`--travis-public-key '${file}' holds no RSA key in PEM`, TRAVIS_PUBLIC_KEY_HINT);
  return key;
}

export async function runTravisKey(context: CliContext, file: string, raw: unknown): Promise<number> {
  const output = createOutput(context, parseOptions({}, raw));
  const { pem, created } = await keyFile(file, `the key file '${file}'`);
  const publicKey = travisPublicKey(pem);
  if (created) output.info(createdLine(file));
  if (output.json) output.jsonLine({ file, created, publicKey });
  else context.stdout.write(publicKey);
  return 0;
}
