import { describe, expect, it } from 'vitest';
import { DEFAULT_WEB_PORT, parseArgs } from './args.ts';

describe('parseArgs', () => {
  it('defaults to loopback, the default web port and opening a browser', () => {
    const r = parseArgs([]);
    expect(r).toEqual({
      ok: true,
      args: { web: false, host: '127.0.0.1', port: DEFAULT_WEB_PORT, ports: {}, open: true },
    });
  });

  it('reads every documented flag, in both --flag value and --flag=value forms', () => {
    const r = parseArgs([
      '--web',
      '--data-dir',
      '/tmp/x',
      '--host=0.0.0.0',
      '--port',
      '0',
      '--hep-port',
      '9061',
      '--statsd-port=8126',
      '--syslog-port',
      '5515',
      '--sip-port',
      '5066',
      '--listen-host',
      '127.0.0.1',
      '--no-open',
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.args).toEqual({
      web: true,
      dataDir: '/tmp/x',
      host: '0.0.0.0',
      port: 0,
      listenHost: '127.0.0.1',
      ports: { hep: 9061, statsd: 8126, syslog: 5515, sip: 5066 },
      open: false,
    });
  });

  it('refuses an unknown flag and an out-of-range or missing port with a readable message', () => {
    expect(parseArgs(['--bogus'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('unknown option --bogus'),
    });
    expect(parseArgs(['--port', '70000'])).toMatchObject({ ok: false, message: expect.stringContaining('0-65535') });
    expect(parseArgs(['--hep-port'])).toMatchObject({ ok: false, message: expect.stringContaining('--hep-port') });
    expect(parseArgs(['--hep-port', 'abc'])).toMatchObject({ ok: false });
  });
});
