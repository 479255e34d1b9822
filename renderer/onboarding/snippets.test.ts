import { describe, expect, it } from 'vitest';
import type { ListenerStatus, SourceConfig } from '../../shared/contract.ts';
import { AMI_SECRET_LENGTH, amiSnippets, randomSecret } from './ami-snippets.ts';
import { hepSnippets } from './hep-snippets.ts';
import { LOOPBACK_NOTE, UNKNOWN_ADDRESS_NOTE, boundPort, hostPort, sendTarget } from './send-target.ts';
import { statsdSnippets } from './statsd-snippets.ts';
import { syslogSnippets } from './syslog-snippets.ts';

function source(patch: Partial<SourceConfig> = {}): SourceConfig {
  return { name: 'hep', enabled: true, host: '0.0.0.0', port: 9060, udp: true, tcp: false, ...patch };
}

function code(snippets: { id: string; code: string }[], id: string): string {
  const found = snippets.find((s) => s.id === id);
  if (!found) throw new Error(`no snippet ${id}`);
  return found.code;
}

describe('sendTarget', () => {
  it('uses the first IPv4 host address when bound to 0.0.0.0', () => {
    const t = sendTarget(source(), ['fd00::7', '192.168.1.20', '10.0.0.3']);
    expect(t).toMatchObject({ address: '192.168.1.20', port: 9060, note: null });
  });

  it('may use an IPv6 host address when bound to ::', () => {
    expect(sendTarget(source({ host: '::' }), ['fd00::7']).address).toBe('fd00::7');
  });

  it('says the listener is loopback-only when bound to 127.0.0.1', () => {
    const t = sendTarget(source({ host: '127.0.0.1' }), ['192.168.1.20']);
    expect(t.address).toBe('127.0.0.1');
    expect(t.note).toBe(LOOPBACK_NOTE);
  });

  it('falls back to 127.0.0.1 with a warning when the host addresses are unknown', () => {
    const t = sendTarget(source(), undefined);
    expect(t.address).toBe('127.0.0.1');
    expect(t.note).toBe(UNKNOWN_ADDRESS_NOTE);
  });

  it('uses a specific bind address as is', () => {
    expect(sendTarget(source({ host: '10.1.2.3' }), ['192.168.1.20']).address).toBe('10.1.2.3');
  });

  it('uses the port a listening socket bound, not a configured 0', () => {
    const sock = (patch: Partial<ListenerStatus>): ListenerStatus => ({
      name: 'hep',
      proto: 'udp',
      host: '0.0.0.0',
      port: 0,
      state: 'listening',
      received: 0,
      decoded: 0,
      malformed: 0,
      dropped: 0,
      stored: 0,
      ...patch,
    });
    const cfg = source({ port: 0, tcp: true });
    expect(sendTarget(cfg, ['192.168.1.20'], [sock({ port: 41000 })]).port).toBe(41000);
    expect(boundPort(cfg, [sock({ proto: 'tcp', port: 41001 }), sock({ port: 41000 })])).toBe(41000);
    expect(
      boundPort(source({ port: 0, udp: false, tcp: true }), [
        sock({ port: 41000, state: 'off' }),
        sock({ proto: 'tcp', port: 41001 }),
      ]),
    ).toBe(41001);
    expect(boundPort(cfg, [sock({ name: 'statsd', port: 8125 })])).toBe(0);
    expect(boundPort(source({ port: 9070 }), [sock({ port: 9070, state: 'error' })])).toBe(9070);
  });

  it('brackets IPv6 addresses in host:port', () => {
    expect(hostPort('fd00::7', 9060)).toBe('[fd00::7]:9060');
    expect(hostPort('10.0.0.1', 8125)).toBe('10.0.0.1:8125');
  });
});

describe('setup snippets', () => {
  const target = sendTarget(source({ port: 9999 }), ['192.168.1.20']);

  it('points Kamailio siptrace and Asterisk res_hep at the configured HEP port', () => {
    const snippets = hepSnippets(target);
    expect(code(snippets, 'kamailio-siptrace')).toContain(
      'modparam("siptrace", "duplicate_uri", "sip:192.168.1.20:9999")',
    );
    expect(code(snippets, 'kamailio-siptrace')).toContain('modparam("siptrace", "trace_mode", 1)');
    expect(code(snippets, 'asterisk-hep')).toContain('capture_address = 192.168.1.20:9999');
    expect(code(snippets, 'asterisk-hep')).toContain('uuid_type = call-id');
  });

  it('adds the HEP auth key to every agent when PBXScope requires one', () => {
    const snippets = hepSnippets(target, "k3y'x");
    expect(code(snippets, 'kamailio-siptrace')).toContain(`modparam("siptrace", "auth_key", "k3y'x")`);
    expect(code(snippets, 'asterisk-hep')).toContain("capture_password = k3y'x");
    expect(code(snippets, 'heplify')).toContain(`-hp 'k3y'\\''x'`);
    expect(code(hepSnippets(target, null), 'asterisk-hep')).not.toContain('capture_password');
  });

  it('asks Kamailio for TCP when the HEP source accepts only TCP', () => {
    const tcp = sendTarget(source({ udp: false, tcp: true }), ['192.168.1.20']);
    expect(code(hepSnippets(tcp), 'kamailio-siptrace')).toContain('sip:192.168.1.20:9060;transport=tcp');
    expect(hepSnippets(tcp).find((s) => s.id === 'asterisk-hep')?.note).toMatch(/UDP only/);
  });

  it('points Asterisk res_statsd at the StatsD listener', () => {
    const t = sendTarget(source({ name: 'statsd', port: 8126 }), ['10.0.0.9']);
    expect(code(statsdSnippets(t), 'asterisk-statsd')).toBe(
      '[general]\nenabled = yes\nserver = 10.0.0.9:8126\nprefix = asterisk\nadd_newline = yes',
    );
  });

  it('forwards syslog with @ for UDP and @@ for TCP', () => {
    const udp = sendTarget(source({ name: 'syslog', port: 5514 }), ['10.0.0.9']);
    expect(code(syslogSnippets(udp), 'rsyslog-forward')).toContain('*.* @10.0.0.9:5514');
    const tcp = sendTarget(source({ name: 'syslog', port: 5514, tcp: true }), ['10.0.0.9']);
    expect(code(syslogSnippets(tcp), 'rsyslog-forward')).toContain('*.* @@10.0.0.9:5514');
  });

  it('permits only this machine in the manager.conf user', () => {
    const text = code(amiSnippets('192.168.1.20', 'Secret123'), 'asterisk-manager');
    expect(text).toContain('[pbxscope]');
    expect(text).toContain('secret = Secret123');
    expect(text).toContain('permit = 192.168.1.20/255.255.255.255');
    expect(text).toContain('read = system,call,agent,user,dtmf,reporting,cdr,dialplan,security');
    expect(text).toContain('write = system');
    expect(code(amiSnippets('fd00::7', 's'), 'asterisk-manager')).toContain('permit = fd00::7/128');
  });

  it('generates a fresh alphanumeric AMI secret each time', () => {
    const a = randomSecret();
    expect(a).toMatch(new RegExp(`^[A-Za-z0-9]{${AMI_SECRET_LENGTH}}$`));
    expect(randomSecret()).not.toBe(a);
  });
});
