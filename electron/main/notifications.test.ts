import { describe, expect, it } from 'vitest';
import { notificationOptions } from './notifications.ts';

describe('notificationOptions', () => {
  it('keeps critical alerts on screen with sound and critical urgency', () => {
    expect(
      notificationOptions(
        { type: 'notify', title: 'Trunk down', body: 'sip-provider unreachable', severity: 'critical' },
        '/icon.png',
      ),
    ).toEqual({
      title: 'Trunk down',
      body: 'sip-provider unreachable',
      urgency: 'critical',
      timeoutType: 'never',
      silent: false,
      icon: '/icon.png',
    });
  });

  it('shows info quietly and warnings at normal urgency', () => {
    expect(notificationOptions({ type: 'notify', title: 'Resolved', body: '', severity: 'info' })).toMatchObject({
      urgency: 'low',
      silent: true,
      timeoutType: 'default',
    });
    expect(
      notificationOptions({ type: 'notify', title: 'Queue', body: '8 waiting', severity: 'warning' }),
    ).toMatchObject({ urgency: 'normal', silent: false });
    expect(notificationOptions({ type: 'notify', title: 'x', body: 'y', severity: 'info' })).not.toHaveProperty('icon');
  });
});
