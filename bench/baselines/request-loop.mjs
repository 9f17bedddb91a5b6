// The request loop of the sender's baselines: COUNT POSTs with CONCURRENCY in flight over a
// keep-alive undici Agent (the client whk uses), reading each answer to the end, and nothing else:
// no retries, no output. `bodyFor(i)` gives request i's body. Exits 1 if any answer was not 200.
import { Agent } from 'undici';

/** The script's arguments, or its usage line on stderr and exit 2 when one is missing or a count is no whole number. */
export function loopArguments(usage) {
  const names = usage.split(' ').slice(2);
  const values = process.argv.slice(2);
  const problems = names.map((name, i) => (values[i] === undefined ? `${name} is missing` : ['COUNT', 'CONCURRENCY', 'SEED'].includes(name) && !Number.isSafeInteger(Number(values[i])) ? `${name} is not a whole number: ${values[i]}` : null));
  const problem = problems.find((p) => p !== null);
  if (problem) {
    process.stderr.write(`${problem}\nusage: ${usage}\n`);
    process.exit(2);
  }
  return values;
}

export async function runRequestLoop(url, count, concurrency, bodyFor) {
  const agent = new Agent({ keepAliveTimeout: 4_000 });
  const { origin, pathname } = new URL(url);
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const body = bodyFor(next++);
        const response = await agent.request({ origin, path: pathname, method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await response.body.dump();
        if (response.statusCode !== 200) failed++;
      }
    }),
  );
  await agent.close();
  process.stderr.write(`${count} sent, ${failed} failed\n`);
  process.exitCode = failed ? 1 : 0;
}
