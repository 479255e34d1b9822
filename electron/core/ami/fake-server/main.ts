// Runs the fake AMI server as its own process for the e2e and for trying the UI without a PBX:
//   node electron/core/ami/fake-server/main.ts [--port 5038] [--user admin:admin]... [--stream queue-calls] [--every 60]
// Prints one JSON line `{"port":N}` once listening; streams the recording to every session that logs
// in, and again every `--every` seconds if given. Listens on 127.0.0.1 only.
import { parseArgs } from 'node:util';
import { FakeAmiServer, type FakeAmiUser } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    user: { type: 'string', multiple: true, default: ['admin:admin'] },
    stream: { type: 'string' },
    every: { type: 'string' },
    'cut-seed': { type: 'string' },
  },
});

const users: FakeAmiUser[] = (values.user ?? []).map((u) => {
  const colon = u.indexOf(':');
  return { username: u.slice(0, colon), secret: u.slice(colon + 1) };
});
const server = await FakeAmiServer.start({
  users,
  ...(values['cut-seed'] !== undefined ? { cutSeed: Number(values['cut-seed']) } : {}),
  ...(values.port !== '0' ? { port: Number(values.port) } : {}),
});
process.stdout.write(JSON.stringify({ port: server.port }) + '\n');

const recording = values.stream;
if (recording) {
  let streamed = 0;
  // New logins get the session once they are in; a timer re-plays it for long-running demos.
  setInterval(() => {
    if (server.loggedInSessions > 0 && server.stats.logins > streamed) {
      streamed = server.stats.logins;
      void server.streamRecording(recording);
    }
  }, 500).unref();
  if (values.every !== undefined)
    setInterval(() => void server.streamRecording(recording), Number(values.every) * 1000);
}

const shutdown = (): void => void server.close().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
// Keep the process alive while the server listens.
setInterval(() => {}, 1 << 30);
