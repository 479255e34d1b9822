// The fake is only useful if it is faithful: its answers are the recorded bytes, its refusals look
// exactly like Asterisk's, and a recorded event session streamed through it reaches the real client
// with nothing lost however the bytes are cut.
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { FakeAmiServer } from './server.ts';
import { AmiReplayBook } from './replay-book.ts';
import { amiRecordingNames, loadAmiRecording } from './recording.ts';
import { AmiClient } from '../protocol/client.ts';
import { AmiFramer } from '../protocol/framer.ts';
import { amiField, type AmiMessage } from '../message.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fake(opts: Parameters<typeof FakeAmiServer.start>[0] = {}): Promise<FakeAmiServer> {
  const server = await FakeAmiServer.start(opts);
  cleanups.push(() => server.close());
  return server;
}

async function connectedClient(server: FakeAmiServer, events: AmiMessage[]): Promise<AmiClient> {
  const client = new AmiClient({
    host: '127.0.0.1',
    port: server.port,
    username: 'admin',
    secret: 'admin',
    timing: { fullyBootedTimeoutMs: 500 },
    onEvent: (m) => events.push(m),
  });
  client.start();
  cleanups.push(() => client.stop());
  await until(() => client.info().status === 'connected', 'connected');
  return client;
}

async function until(ok: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Raw exchange: send `text` after the banner, collect everything until the server closes. */
function rawExchange(port: number, text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('server did not close'));
    }, 5_000);
    socket.once('data', () => socket.write(text));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

const withEvents = amiRecordingNames().filter((name) => {
  const rec = loadAmiRecording(name);
  return rec.messages.some((m) => rec.bytes.toString('latin1', m.off, m.off + 6) === 'Event:');
});

describe('FakeAmiServer', () => {
  it.each(withEvents)(
    'streams every event of %s to the real client with no loss, cut at random points',
    async (name) => {
      const server = await fake();
      const events: AmiMessage[] = [];
      await connectedClient(server, events);
      const before = events.length;
      const sent = await server.streamRecording(name, name.length);
      const expected = new AmiFramer().push(sent);
      await until(() => events.length - before >= expected.length, `${expected.length} events`);
      expect(events.slice(before)).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    },
  );

  it('replays every recorded status-lists answer byte for byte, with the asking ActionID', () => {
    const rec = loadAmiRecording('status-lists');
    const book = AmiReplayBook.fromRecordings(['status-lists']);
    for (const sent of rec.sent) {
      const [action] = new AmiFramer().push(Buffer.from(sent));
      const recordedId = amiField(action!, 'ActionID')!;
      const name = amiField(action!, 'Action')!;
      if (/^(login|logoff)$/i.test(name)) continue;
      const recorded = rec.messages.filter((m) => m.actionId === recordedId);
      const replayed = book.answer(name, action!.fields, 'mine-1');
      const want = Buffer.concat(recorded.map((m) => rec.bytes.subarray(m.off, m.off + m.len)))
        .toString('latin1')
        .replaceAll(`ActionID: ${recordedId}\r\n`, 'ActionID: mine-1\r\n');
      expect(replayed?.toString('latin1'), name).toBe(want);
    }
  });

  it('refuses a bad password exactly as Asterisk did in auth-failed-login.ami, then closes', async () => {
    const server = await fake({ authFailDelayMs: 20 });
    const got = await rawExchange(
      server.port,
      'Action: Login\r\nUsername: admin\r\nSecret: wrong\r\nActionID: rec-1\r\n\r\n',
    );
    expect(got.toString('latin1')).toBe(loadAmiRecording('auth-failed-login').bytes.toString('latin1'));
    expect(server.stats).toMatchObject({ logins: 1, failedLogins: 1 });
  });

  it('answers actions before login with Permission denied, as in auth-before-login.ami', async () => {
    const server = await fake({ authFailDelayMs: 20 });
    const got = await rawExchange(
      server.port,
      'Action: CoreShowChannels\r\nActionID: rec-1\r\n\r\nAction: Ping\r\nActionID: rec-2\r\n\r\nAction: Login\r\nUsername: admin\r\nActionID: rec-3\r\n\r\n',
    );
    expect(got.toString('latin1')).toBe(loadAmiRecording('auth-before-login').bytes.toString('latin1'));
  });

  it('answers the MD5 challenge in the recorded shape and accepts the right key only', async () => {
    const server = await fake();
    const events: AmiMessage[] = [];
    await connectedClient(server, events);
    const recorded = new AmiFramer().push(loadAmiRecording('auth-md5-ok').bytes);
    expect(recorded[1]?.fields.map(([k]) => k)).toEqual(['Response', 'ActionID', 'Challenge']);
    expect(server.stats).toMatchObject({ challenges: 1, logins: 1, failedLogins: 0, loginMethods: ['md5'] });
  });

  it('restarts: Shutdown to every session, connections refused while down, then listening on the same port', async () => {
    const server = await fake();
    const events: AmiMessage[] = [];
    await connectedClient(server, events);
    const port = server.port;
    const restarting = server.restart(400);
    await until(() => events.some((e) => e.name === 'Shutdown'), 'Shutdown');
    expect(
      amiField(
        events.find((e) => e.name === 'Shutdown')!,
        'Restart',
      ),
    ).toBe('True');
    await new Promise((r) => setTimeout(r, 100));
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? ''));
      s.on('connect', () => {
        s.destroy();
        resolve('connected');
      });
    });
    expect(refused).toBe('ECONNREFUSED');
    await restarting;
    expect(server.port).toBe(port);
  });
});
