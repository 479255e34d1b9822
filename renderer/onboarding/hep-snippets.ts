// How to point SIP capture agents at PBXScope's HEP listener.
import { hostPort, type SendTarget } from './send-target.ts';
import type { Snippet } from './snippet.ts';

/** Kamailio names its HEP agent by this id in the captured packets; any number works. */
const KAMAILIO_CAPTURE_ID = 2001;
/** Asterisk's capture id: distinct from Kamailio's so the two agents can be told apart. */
const ASTERISK_CAPTURE_ID = 1234;

/** `authKey`: when PBXScope requires one, agents must send it (HEP chunk 0x000e) or their packets are dropped. */
export function hepSnippets(target: SendTarget, authKey: string | null = null): Snippet[] {
  const dest = hostPort(target.address, target.port);
  const tcpOnly = target.tcp && !target.udp;
  return [
    {
      id: 'kamailio-siptrace',
      title: 'Kamailio siptrace',
      file: 'kamailio.cfg',
      code: [
        'loadmodule "siptrace.so"',
        `modparam("siptrace", "duplicate_uri", "sip:${dest}${tcpOnly ? ';transport=tcp' : ''}")`,
        'modparam("siptrace", "hep_mode_on", 1)',
        'modparam("siptrace", "hep_version", 3)',
        `modparam("siptrace", "hep_capture_id", ${KAMAILIO_CAPTURE_ID})`,
        ...(authKey ? [`modparam("siptrace", "auth_key", "${authKey}")`] : []),
        '# Kamailio 5.6+: mirror all traffic, no sip_trace() calls needed',
        'modparam("siptrace", "trace_mode", 1)',
      ].join('\n'),
      apply: 'kamailio -c && systemctl restart kamailio',
    },
    {
      id: 'asterisk-hep',
      title: 'Asterisk res_hep',
      file: '/etc/asterisk/hep.conf',
      code: [
        '[general]',
        'enabled = yes',
        `capture_address = ${dest}`,
        ...(authKey ? [`capture_password = ${authKey}`] : []),
        `capture_id = ${ASTERISK_CAPTURE_ID}`,
        'uuid_type = call-id',
      ].join('\n'),
      apply: 'asterisk -rx "module reload res_hep.so"',
      ...(tcpOnly ? { note: 'Asterisk sends HEP over UDP only: turn UDP on for the HEP source in Sources.' } : {}),
    },
    {
      id: 'heplify',
      title: 'heplify (any host, captures from a network interface)',
      file: 'shell',
      code: `sudo heplify -i any -hs ${dest}${tcpOnly ? ' -nt tcp' : ''}${authKey ? ` -hp ${shellQuote(authKey)}` : ''}`,
    },
  ];
}

/** Single-quotes a value for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
