// A UDP datagram as an Ethernet frame or as bare IP bytes, for tests, benches and synthetic
// captures: a thin front to the frame writer (frame-write.ts) with the loopback-style defaults.
import { addressPair, udpFrame } from './frame-write.ts';

export interface UdpFrameInput {
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  payload: Buffer;
}

const ETHERNET_HEADER_BYTES = 14;

/** An Ethernet frame carrying the datagram; null if an address is not valid text or the payload does not fit. */
export function buildUdpFrame(input: UdpFrameInput, ipId = 0): Buffer | null {
  const addrs = addressPair(input.srcIp, input.dstIp);
  return addrs ? udpFrame(addrs, input, input.payload, ipId) : null;
}

/** The same datagram as IPv4 (or IPv6) + UDP bytes without a link header (raw-IP link types). */
export function buildIpUdp(input: UdpFrameInput, ipId = 0): Buffer | null {
  const frame = buildUdpFrame(input, ipId);
  return frame ? Buffer.from(frame.subarray(ETHERNET_HEADER_BYTES)) : null;
}
