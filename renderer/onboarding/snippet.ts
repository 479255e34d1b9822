// One copyable piece of configuration, rendered by components/copy-snippet.tsx.

export interface Snippet {
  /** Stable id for tests and React keys, e.g. "kamailio-siptrace". */
  id: string;
  /** What it configures: "Kamailio siptrace". */
  title: string;
  /** Where it goes, e.g. "kamailio.cfg" or "/etc/asterisk/hep.conf". */
  file: string;
  code: string;
  /** What to run after editing the file, if anything. */
  apply?: string;
  /** A caveat about this snippet specifically (not about the listener). */
  note?: string;
}
