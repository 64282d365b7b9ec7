// Starts s3rver (an S3-compatible server) on loopback for Sluice's tests and local stack.
// Usage: node s3rver.mjs --directory DIR [--port N] [--bucket NAME]... [--detached]
// Prints one line of JSON {"port":N,"address":"127.0.0.1"} once it listens. With S3RVER_ACCESS_KEY and
// S3RVER_SECRET_KEY in the environment (the local stack generates them) every request must be signed with that pair
// (s3-signature.mjs) and s3rver's built-in pair is removed; without them it takes s3rver's own pair, S3RVER / S3RVER,
// as the tests' throwaway servers do.
// It stops on SIGTERM/SIGINT, and when its standard input closes (so it never outlives the test that started it).
import { createRequire } from 'node:module';
import S3rver from 's3rver';
import { refusal } from './s3-signature.mjs';

const args = process.argv.slice(2);
const buckets = [];
let directory;
let port = 0;
let watchStdin = true;
for (let i = 0; i < args.length; i++) {
  switch (args[i]) {
    case '--directory': directory = args[++i]; break;
    case '--port': port = Number(args[++i]); break;
    case '--bucket': buckets.push({ name: args[++i] }); break;
    case '--detached': watchStdin = false; break;
    default:
      console.error(`s3rver.mjs: unknown argument ${args[i]}`);
      process.exit(2);
  }
}
if (!directory) {
  console.error('s3rver.mjs: --directory is required');
  process.exit(2);
}

const server = new S3rver({ address: '127.0.0.1', port, directory, silent: true, configureBuckets: buckets, vhostBuckets: false });
const accessKey = process.env.S3RVER_ACCESS_KEY;
const secretKey = process.env.S3RVER_SECRET_KEY;
if (accessKey && secretKey) {
  const account = createRequire(import.meta.url)('s3rver/lib/models/account');
  account.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
  account.DUMMY_ACCOUNT.createKeyPair(accessKey, secretKey);
  const handler = server.callback.bind(server);
  server.callback = () => {
    const handle = handler();
    return (request, response) => {
      const why = refusal(request, accessKey, secretKey);
      if (why === null) {
        handle(request, response);
        return;
      }
      request.resume();
      response.writeHead(403, { 'content-type': 'application/xml' });
      response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${why}</Message></Error>`);
    };
  };
}
const address = await server.run();
process.stdout.write(JSON.stringify({ port: address.port, address: address.address }) + '\n');

const stop = async () => {
  try { await server.close(); } finally { process.exit(0); }
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (watchStdin) {
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
}
