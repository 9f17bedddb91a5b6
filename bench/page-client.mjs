// The open inspector page, in a process of its own as a browser is: reads the page's event stream
// (/api/events) and, on SIGTERM, prints how many bytes of rows it read.   node page-client.mjs URL
import { request } from 'node:http';

let bytes = 0;
const req = request(new URL('/api/events', process.argv[2]), (res) => {
  res.on('data', (chunk) => (bytes += chunk.length));
  process.stderr.write('connected\n');
});
req.on('error', (error) => {
  process.stderr.write(`page client: ${error.message}\n`);
  process.exit(1);
});
req.end();
process.on('SIGTERM', () => {
  process.stdout.write(`${bytes}\n`);
  process.exit(0);
});
