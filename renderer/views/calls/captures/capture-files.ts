// Which files the import offers to take. The core decides by content (and says "not a capture"
// otherwise); the picker only pre-filters to the usual extensions.

/** pcap and pcapng as tcpdump, Wireshark and sngrep write them, and PBXScope's own bundles. */
export const CAPTURE_FILE_ACCEPT = '.pcap,.pcapng,.cap,.pbxscope';
