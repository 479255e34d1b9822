// The fake is only useful if it is faithful: its answers are the recorded bytes, its refusals look
// exactly like Asterisk's, and a recorded event session streamed through it reaches the real client
// with nothing lost however the bytes are cut.
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { FakeAmiServer } from './server.ts';
import { AmiReplayBook, DEFAULT_REPLAY_RECORDINGS } from './replay-book.ts';
import { amiRecordingNames, loadAmiRecording } from './recording.ts';
import { AmiClient } from '../protocol/client.ts';
import { AmiFramer } from '../protocol/framer.ts';
import { md5LoginKey } from '../protocol/login.ts';
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

  it.each(DEFAULT_REPLAY_RECORDINGS)(
    'replays every recorded %s answer byte for byte, with the asking ActionID',
    (name) => {
      const rec = loadAmiRecording(name);
      const book = AmiReplayBook.fromRecordings([name]);
      for (const sent of rec.sent) {
        const [action] = new AmiFramer().push(Buffer.from(sent));
        const recordedId = amiField(action!, 'ActionID')!;
        const actionName = amiField(action!, 'Action')!;
        if (/^(login|logoff)$/i.test(actionName)) continue;
        const recorded = rec.messages.filter((m) => m.actionId === recordedId);
        const replayed = book.answer(actionName, action!.fields, 'mine-1');
        const want = Buffer.concat(recorded.map((m) => rec.bytes.subarray(m.off, m.off + m.len)))
          .toString('latin1')
          .replaceAll(`ActionID: ${recordedId}\r\n`, 'ActionID: mine-1\r\n');
        expect(replayed?.toString('latin1'), actionName).toBe(want);
      }
    },
  );

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

  it.each([
    ['right key', true],
    ['wrong key', false],
  ])('answers the MD5 challenge in the recorded shape and checks the key (%s)', async (_, right) => {
    const server = await fake({ authFailDelayMs: 20 });
    const framer = new AmiFramer();
    const inbox: AmiMessage[] = [];
    const socket = net.connect(server.port, '127.0.0.1');
    cleanups.push(async () => void socket.destroy());
    socket.on('data', (c: Buffer) => inbox.push(...framer.push(c)));
    await until(() => inbox.length === 1, 'banner');
    socket.write('Action: Challenge\r\nAuthType: MD5\r\nActionID: rec-1\r\n\r\n');
    await until(() => inbox.length === 2, 'challenge');
    const recorded = new AmiFramer().push(loadAmiRecording('auth-md5-ok').bytes);
    expect(inbox[1]?.fields.map(([k]) => k)).toEqual(recorded[1]?.fields.map(([k]) => k));
    const challenge = amiField(inbox[1]!, 'Challenge')!;
    expect(challenge).toMatch(/^\d{9}$/);
    const key = right ? md5LoginKey(challenge, 'admin') : md5LoginKey(challenge, 'wrong');
    socket.write(
      `Action: Login\r\nUsername: admin\r\nAuthType: MD5\r\nKey: ${key}\r\nEvents: off\r\nActionID: rec-2\r\n\r\n`,
    );
    await until(() => inbox.length === 3, 'login answer');
    const expected = new AmiFramer().push(loadAmiRecording(right ? 'auth-md5-ok' : 'auth-md5-failed').bytes)[2];
    expect(inbox[2]).toEqual(expected);
    expect(server.stats).toMatchObject({
      challenges: 1,
      logins: 1,
      failedLogins: right ? 0 : 1,
      loginMethods: ['md5'],
    });
  });

  it('hangs up a channel it announced as manager.c does: the answer, then its Hangup event; refuses an unknown one', async () => {
    const server = await fake();
    const events: AmiMessage[] = [];
    const client = await connectedClient(server, events);
    const newchannel = [
      'Event: Newchannel',
      'Privilege: call,all',
      'Channel: PJSIP/alice-00000001',
      'ChannelState: 6',
      'ChannelStateDesc: Up',
      'CallerIDNum: 201',
      'CallerIDName: Alice',
      'ConnectedLineNum: <unknown>',
      'ConnectedLineName: <unknown>',
      'Language: en',
      'AccountCode: ',
      'Context: from-internal',
      'Exten: 600',
      'Priority: 1',
      'Uniqueid: 1700000000.1',
      'Linkedid: 1700000000.1',
    ];
    server.broadcast(`${newchannel.join('\r\n')}\r\n\r\n`);
    await until(() => events.some((e) => e.name === 'Newchannel'), 'Newchannel');

    const answer = await client.send('Hangup', { Channel: 'PJSIP/alice-00000001' });
    expect(answer.ok).toBe(true);
    expect(amiField(answer.response!, 'Message')).toBe('Channel Hungup');
    await until(() => events.some((e) => e.name === 'Hangup'), 'Hangup event');
    const hangup = events.find((e) => e.name === 'Hangup')!;
    expect(hangup.fields).toEqual([
      ['Event', 'Hangup'],
      ['Privilege', 'call,all'],
      ...newchannel.slice(2).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
      ['Cause', '16'],
      ['Cause-txt', 'Normal Clearing'],
    ]);

    const again = await client.send('Hangup', { Channel: 'PJSIP/alice-00000001' });
    expect(again.error).toEqual({ code: 'error_response', message: 'No such channel' });
    const none = await client.send('Hangup', {});
    expect(none.error).toEqual({ code: 'error_response', message: 'No channel specified' });
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
