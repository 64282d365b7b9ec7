// Starts s3rver (an S3-compatible server) on loopback for Sluice's tests and local stack.
// Usage: node s3rver.mjs --directory DIR [--port N] [--bucket NAME]... [--detached]
// Prints one line of JSON {"port":N,"address":"127.0.0.1"} once it listens; the credentials are S3RVER / S3RVER.
// It stops on SIGTERM/SIGINT, and when its standard input closes (so it never outlives the test that started it).
import S3rver from 's3rver';

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
