// How to forward PBX logs to PBXScope's syslog listener.
import { hostPort, type SendTarget } from './send-target.ts';
import type { Snippet } from './snippet.ts';

/** The facility Asterisk logs to in the snippet; local0 is unused on a stock Debian/RHEL system. */
const ASTERISK_FACILITY = 'local0';

export function syslogSnippets(target: SendTarget): Snippet[] {
  const dest = hostPort(target.address, target.port);
  // rsyslog: one @ forwards over UDP, @@ over TCP. Prefer TCP when both are on: it does not drop bursts.
  const forward = target.tcp ? `*.* @@${dest}` : `*.* @${dest}`;
  return [
    {
      id: 'rsyslog-forward',
      title: `rsyslog forward (${target.tcp ? 'TCP' : 'UDP'})`,
      file: '/etc/rsyslog.d/60-pbxscope.conf',
      code: [`# Everything this host logs; use ${ASTERISK_FACILITY}.* for Asterisk only`, forward].join('\n'),
      apply: 'systemctl restart rsyslog',
    },
    {
      id: 'asterisk-logger-syslog',
      title: 'Asterisk logger to syslog',
      file: '/etc/asterisk/logger.conf',
      code: ['[logfiles]', `syslog.${ASTERISK_FACILITY} => notice,warning,error,security`].join('\n'),
      apply: 'asterisk -rx "logger reload"',
    },
  ];
}
