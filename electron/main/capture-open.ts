// File > Open Capture: what the dialog offers and which core request takes the chosen file.
import type { FileFilter } from 'electron';

/**
 * The core request that imports a pcap/pcapng file, params `{ path }`. Named here rather than
 * typed from the contract because the contract does not list it yet: until it does, the bridge
 * refuses it with `bad_request` and main shows that message.
 */
export const CAPTURE_IMPORT_REQUEST = 'captures.import';

export const CAPTURE_FILE_FILTERS: FileFilter[] = [
  { name: 'Packet captures (pcap, pcapng)', extensions: ['pcap', 'pcapng', 'cap'] },
  { name: 'All files', extensions: ['*'] },
];
