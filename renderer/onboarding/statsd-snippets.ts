// How to point StatsD senders at PBXScope.
import { hostPort, type SendTarget } from './send-target.ts';
import type { Snippet } from './snippet.ts';

export function statsdSnippets(target: SendTarget): Snippet[] {
  const dest = hostPort(target.address, target.port);
  const udpNote = target.udp ? {} : { note: 'This sender uses UDP: turn UDP on for the StatsD source in Sources.' };
  return [
    {
      id: 'asterisk-statsd',
      title: 'Asterisk res_statsd',
      file: '/etc/asterisk/statsd.conf',
      code: ['[general]', 'enabled = yes', `server = ${dest}`, 'prefix = asterisk', 'add_newline = yes'].join('\n'),
      apply: 'asterisk -rx "module reload res_statsd.so"',
      ...udpNote,
    },
    {
      id: 'kamailio-statsd',
      title: 'Kamailio statsd',
      file: 'kamailio.cfg',
      code: [
        'loadmodule "statsd.so"',
        `modparam("statsd", "ip", "${target.address}")`,
        `modparam("statsd", "port", "${target.port}")`,
      ].join('\n'),
      apply: 'kamailio -c && systemctl restart kamailio',
      ...udpNote,
    },
    {
      id: 'statsd-test',
      title: 'Send a test metric',
      file: 'shell',
      code: target.udp
        ? `echo "pbxscope.test:1|c" | nc -u -w1 ${target.address} ${target.port}`
        : `echo "pbxscope.test:1|c" | nc -w1 ${target.address} ${target.port}`,
    },
  ];
}
