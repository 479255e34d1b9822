import { describe, expect, it } from 'vitest';
import { parseArgs } from '../host/args.ts';
import { coreArgs, coreDataDir } from './core-args.ts';

const USER_DATA = '/home/tech/.config/PBXScope';

describe('coreArgs', () => {
  it('passes the OS app-data folder when no --data-dir is given', () => {
    expect(coreArgs(['/opt/PBXScope/pbxscope'], USER_DATA)).toEqual(['--data-dir', USER_DATA]);
  });

  it('forwards port flags in both spellings and lets --data-dir override the default', () => {
    const argv = ['/usr/bin/electron', '.', '--hep-port', '9061', '--statsd-port=8126', '--data-dir', '/tmp/capture'];
    expect(coreArgs(argv, USER_DATA)).toEqual([
      '--data-dir',
      '/tmp/capture',
      '--hep-port',
      '9061',
      '--statsd-port',
      '8126',
    ]);
  });

  it('forwards the address the listeners bind to', () => {
    expect(coreArgs(['app', '--hep-port', '9061', '--listen-host', '10.0.0.5'], USER_DATA)).toEqual([
      '--data-dir',
      USER_DATA,
      '--listen-host',
      '10.0.0.5',
      '--hep-port',
      '9061',
    ]);
  });

  it('does not forward web-mode flags the core process would refuse', () => {
    expect(coreArgs(['app', '--web', '--host', '0.0.0.0', '--port', '7060', '--no-open'], USER_DATA)).toEqual([
      '--data-dir',
      USER_DATA,
    ]);
  });

  it('drops Chromium switches, the app path and unknown flags', () => {
    const argv = [
      '/opt/PBXScope/pbxscope',
      '--no-sandbox',
      '--inspect=9229',
      '--remote-debugging-port',
      '9222',
      '--js-flags=--expose-gc',
      '--hep-port',
      '9060',
    ];
    expect(coreArgs(argv, USER_DATA)).toEqual(['--data-dir', USER_DATA, '--hep-port', '9060']);
  });

  it('drops a flag whose value is missing instead of swallowing the next flag', () => {
    expect(coreArgs(['app', '--hep-port', '--sip-port', '5070'], USER_DATA)).toEqual([
      '--data-dir',
      USER_DATA,
      '--sip-port',
      '5070',
    ]);
    expect(coreArgs(['app', '--data-dir='], USER_DATA)).toEqual(['--data-dir', USER_DATA]);
  });

  it('keeps the last value of a repeated flag', () => {
    expect(coreArgs(['app', '--hep-port', '1', '--hep-port', '2'], USER_DATA)).toEqual([
      '--data-dir',
      USER_DATA,
      '--hep-port',
      '2',
    ]);
  });

  it('produces a command line the core process itself accepts', () => {
    const argv = [
      '/opt/PBXScope/pbxscope',
      '--no-sandbox',
      '--listen-host=127.0.0.1',
      '--hep-port',
      '9061',
      '--sip-port',
      '5070',
      '--statsd-port',
      '8126',
      '--syslog-port',
      '5515',
      '--data-dir',
      '/tmp/d',
    ];
    const parsed = parseArgs(coreArgs(argv, USER_DATA));
    expect(parsed).toMatchObject({
      ok: true,
      args: {
        web: false,
        dataDir: '/tmp/d',
        listenHost: '127.0.0.1',
        ports: { hep: 9061, sip: 5070, statsd: 8126, syslog: 5515 },
      },
    });
  });
});

describe('coreDataDir', () => {
  it('is the folder the core is started in, so main finds its exports there', () => {
    expect(coreDataDir(['/opt/PBXScope/pbxscope'], USER_DATA)).toBe(USER_DATA);
    expect(coreDataDir(['/opt/PBXScope/pbxscope', '--data-dir=/srv/trace'], USER_DATA)).toBe('/srv/trace');
  });
});
