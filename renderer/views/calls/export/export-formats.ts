// The four trace formats, each with the one line a support tech needs to pick the right one.
import type { ExportFormat } from '../../../../shared/contract.ts';

export interface FormatChoice {
  id: ExportFormat;
  label: string;
  /** What the file is for, in one line. */
  purpose: string;
  /** The noun the Export button and the progress line use. */
  noun: string;
}

export const EXPORT_FORMATS: readonly FormatChoice[] = [
  {
    id: 'pcap',
    label: 'pcap',
    purpose: 'For Wireshark, sngrep or a vendor’s support team: every SIP packet, timings kept.',
    noun: 'pcap',
  },
  {
    id: 'text',
    label: 'Text',
    purpose: 'To paste into a ticket or an email: call summary, ladder and each message as plain text.',
    noun: 'text file',
  },
  {
    id: 'html',
    label: 'HTML report',
    purpose: 'To read in any browser: one self-contained page with ladders, KPIs and messages.',
    noun: 'HTML report',
  },
  {
    id: 'bundle',
    label: 'Bundle',
    purpose: 'To open in another PBXScope exactly as seen here (.pbxscope); can be encrypted.',
    noun: 'bundle',
  },
];

export function formatChoice(id: ExportFormat): FormatChoice {
  return EXPORT_FORMATS.find((f) => f.id === id) ?? (EXPORT_FORMATS[0] as FormatChoice);
}
