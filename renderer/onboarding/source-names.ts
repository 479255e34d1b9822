// Short display names for the network sources (SOURCE_LABELS holds the long descriptions).
import type { SourceName } from '../../shared/contract.ts';

export const SOURCE_TITLES: Record<SourceName, string> = {
  hep: 'HEP',
  sip: 'SIP mirror',
  statsd: 'StatsD',
  syslog: 'Syslog',
};
