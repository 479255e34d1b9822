// Turns the core's `notify` decisions into desktop notification options. Which alerts notify is
// decided in the core (renderer timers stop in hidden windows); main only presents them.
import type { NotificationConstructorOptions } from 'electron';
import type { UtilityMessage } from './utility-messages.ts';

type NotifyMessage = Extract<UtilityMessage, { type: 'notify' }>;

const URGENCY: Record<NotifyMessage['severity'], NonNullable<NotificationConstructorOptions['urgency']>> = {
  info: 'low',
  warning: 'normal',
  critical: 'critical',
};

export function notificationOptions(message: NotifyMessage, icon?: string): NotificationConstructorOptions {
  return {
    title: message.title,
    body: message.body,
    urgency: URGENCY[message.severity],
    // A critical alert stays on screen until the user dismisses it (Windows, Linux).
    timeoutType: message.severity === 'critical' ? 'never' : 'default',
    silent: message.severity === 'info',
    ...(icon ? { icon } : {}),
  };
}
