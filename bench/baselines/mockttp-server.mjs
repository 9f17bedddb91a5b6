// Peer for the receiver benchmark: mockttp (HTTP Toolkit's mock server) answering 200 to every POST
// and recording its traffic, as it does by default (every request kept, its body readable later
// through getSeenRequests()). On SIGTERM it says how many it recorded, then stops.
//   node mockttp-server.mjs [PORT]
import { getLocal } from 'mockttp';

const server = getLocal();
await server.start(Number(process.argv[2] ?? 0) || undefined);
// The length is given so the answer is framed and the connection kept alive, as the other servers'
// are; without it mockttp's answer ends by closing the connection.
const endpoint = await server.forPost().thenReply(200, '{"ok":true}', { 'content-type': 'application/json', 'content-length': '11' });
process.stderr.write(`listening on ${server.url}\n`);
process.on('SIGTERM', async () => {
  const seen = await endpoint.getSeenRequests();
  process.stderr.write(`recorded ${seen.length}\n`);
  await server.stop();
  process.exit(0);
});
