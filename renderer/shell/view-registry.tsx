// Every view the sidebar offers, in order: the order sets the keyboard shortcut (1..7).
import type { ComponentType, ReactNode } from 'react';
import {
  AlertsIcon,
  CallsIcon,
  ChannelsIcon,
  LogsIcon,
  MetricsIcon,
  QueuesIcon,
  SourcesIcon,
} from '../components/icons.tsx';
import type { ViewId } from '../state/route.ts';
import { AlertsView } from '../views/alerts/alerts-view.tsx';
import { CallsView } from '../views/calls/calls-view.tsx';
import { ChannelsView } from '../views/channels/channels-view.tsx';
import { LogsView } from '../views/logs/logs-view.tsx';
import { MetricsView } from '../views/metrics/metrics-view.tsx';
import { QueuesView } from '../views/queues/queues-view.tsx';
import { SourcesView } from '../views/sources/sources-view.tsx';

export interface ViewEntry {
  id: ViewId;
  title: string;
  /** One line under the title in the header. */
  subtitle: string;
  icon: (size: number) => ReactNode;
  Component: ComponentType;
  /** The digit key that opens the view. */
  shortcut: string;
}

const ENTRIES: Array<Omit<ViewEntry, 'shortcut'>> = [
  {
    id: 'calls',
    title: 'Calls',
    subtitle: 'SIP dialogs from HEP capture',
    icon: (s) => <CallsIcon size={s} />,
    Component: CallsView,
  },
  {
    id: 'channels',
    title: 'Channels',
    subtitle: 'Live Asterisk channels over AMI',
    icon: (s) => <ChannelsIcon size={s} />,
    Component: ChannelsView,
  },
  {
    id: 'queues',
    title: 'Queues',
    subtitle: 'Queue and agent wallboard',
    icon: (s) => <QueuesIcon size={s} />,
    Component: QueuesView,
  },
  {
    id: 'metrics',
    title: 'Metrics',
    subtitle: 'StatsD counters, gauges and timers',
    icon: (s) => <MetricsIcon size={s} />,
    Component: MetricsView,
  },
  {
    id: 'logs',
    title: 'Logs',
    subtitle: 'Syslog tail and search',
    icon: (s) => <LogsIcon size={s} />,
    Component: LogsView,
  },
  {
    id: 'alerts',
    title: 'Alerts',
    subtitle: 'Rules firing over every source',
    icon: (s) => <AlertsIcon size={s} />,
    Component: AlertsView,
  },
  {
    id: 'sources',
    title: 'Sources',
    subtitle: 'Listeners and retention',
    icon: (s) => <SourcesIcon size={s} />,
    Component: SourcesView,
  },
];

export const VIEWS: readonly ViewEntry[] = ENTRIES.map((e, i) => ({ ...e, shortcut: String(i + 1) }));

export function viewEntry(id: ViewId): ViewEntry {
  const entry = VIEWS.find((v) => v.id === id);
  if (!entry) throw new Error(`no view ${id}`);
  return entry;
}
