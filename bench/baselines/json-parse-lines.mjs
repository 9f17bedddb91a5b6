// Baseline for the validation benchmark: read a file in chunks, split lines, JSON.parse each. Nothing else.
import { createReadStream } from 'node:fs';

let carry = Buffer.alloc(0);
let parsed = 0;
for await (const chunk of createReadStream(process.argv[2])) {
  const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
  let start = 0;
  for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
    if (end > start) {
      JSON.parse(data.toString('utf8', start, end));
      parsed++;
    }
    start = end + 1;
  }
  carry = Buffer.from(data.subarray(start));
}
if (carry.length) {
  JSON.parse(carry.toString('utf8'));
  parsed++;
}
process.stderr.write(`parsed ${parsed}\n`);
