// The manager.conf user PBXScope logs in with for the Channels and Queues views.
import { isIpv6 } from './send-target.ts';
import type { Snippet } from './snippet.ts';

/** Length of the generated AMI secret: about 119 bits from a 62-symbol alphabet. */
export const AMI_SECRET_LENGTH = 20;
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Every class of event the Channels and Queues views read. */
const READ_CLASSES = 'system,call,agent,user,dtmf,reporting,cdr,dialplan,security';

export function randomSecret(length: number = AMI_SECRET_LENGTH): string {
  const bytes = new Uint32Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => SECRET_ALPHABET[b % SECRET_ALPHABET.length]).join('');
}

/** `laptopAddress`: where PBXScope connects from, allowed by the user's ACL. */
export function amiSnippets(laptopAddress: string, secret: string): Snippet[] {
  const permit = isIpv6(laptopAddress) ? `${laptopAddress}/128` : `${laptopAddress}/255.255.255.255`;
  return [
    {
      id: 'asterisk-manager',
      title: 'Asterisk manager user',
      file: '/etc/asterisk/manager.conf',
      code: [
        '[pbxscope]',
        `secret = ${secret}`,
        'deny = 0.0.0.0/0.0.0.0',
        `permit = ${permit}`,
        `read = ${READ_CLASSES}`,
        '; system lets PBXScope list the channels already up when it connects;',
        '; leave "write =" empty for a strictly read-only login',
        'write = system',
      ].join('\n'),
      apply: 'asterisk -rx "manager reload"',
      note: 'AMI must be enabled in [general] (enabled = yes, port = 5038) with a bindaddr this machine can reach.',
    },
  ];
}
