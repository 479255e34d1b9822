// .pbxscope bundles (written by our exporter) into a new capture, losslessly: every call and every
// message is written back as the rows it was exported from, under the new capture number, so the
// imported capture shows exactly what was exported (flags, HEP metadata, KPIs and all).
import type { CallSummary } from '../../../shared/domain.ts';
import { decodeBundle, looksLikeBundle, MAX_BODY_BYTES, type BundleErrorCode } from '../export/bundle-format.ts';
import type { ExportMessage } from '../export/model.ts';
import { callUpsert, MESSAGE_FLAG_MALFORMED, MESSAGE_FLAG_RETRANSMISSION, type SipMessageWrite } from '../sip/rows.ts';
import type { BundleImporter } from './import-job.ts';

/**
 * Largest bundle file accepted. Bundles are decoded whole; the exporter writes at most 128 MiB of
 * SIP plus its renderings, compressed, so a real bundle is far below this; the decoder itself stops
 * at MAX_BODY_BYTES decompressed.
 */
export const MAX_BUNDLE_FILE_BYTES = 512 * 1024 * 1024;
/** Rows appended between checks of the writer queue and of a cancel: one writer batch. */
const ROWS_PER_STEP = 5000;

const ERROR_PREFIX: Record<BundleErrorCode, string> = {
  not_a_bundle: 'not a bundle',
  unsupported_version: 'unsupported bundle version',
  needs_passphrase: 'passphrase needed',
  wrong_passphrase: 'wrong passphrase',
  corrupt_bundle: 'corrupt bundle',
};

export function messageRow(m: ExportMessage, capture: number): SipMessageWrite {
  return {
    capture,
    ts: m.ts,
    call_id: m.callId,
    method: m.method ?? null,
    status: m.status ?? null,
    reason: m.reason ?? null,
    cseq: m.cseq,
    cseq_method: m.cseqMethod,
    src_ip: m.srcIp,
    src_port: m.srcPort,
    dst_ip: m.dstIp,
    dst_port: m.dstPort,
    transport: m.transport,
    capture_id: m.captureId ?? null,
    node: m.node ?? null,
    correlation_id: m.correlationId ?? null,
    flags:
      (m.retransmission ? MESSAGE_FLAG_RETRANSMISSION : 0) | (m.malformed !== undefined ? MESSAGE_FLAG_MALFORMED : 0),
    malformed: m.malformed ?? null,
    raw: m.raw,
  };
}

/**
 * `maxQueuedRows`: the import pauses until the writer caught up when this many rows wait (the
 * capture import's own bound).
 */
export function createBundleImporter(maxQueuedRows: number): BundleImporter {
  return {
    isBundle: looksLikeBundle,
    maxBytes: Math.min(MAX_BUNDLE_FILE_BYTES, MAX_BODY_BYTES),
    async importBundle(file, passphrase, capture, writer, signal) {
      const decoded = decodeBundle(file, passphrase);
      if (!decoded.ok) return { ok: false, error: `${ERROR_PREFIX[decoded.code]}: ${decoded.message}` };
      const { messages, calls } = decoded.bundle;
      const step = async (): Promise<boolean> => {
        if (writer.stats().queued >= maxQueuedRows) await writer.flush();
        return !signal.aborted;
      };
      for (let i = 0; i < messages.length; i++) {
        writer.append('sip.message', messageRow(messages[i] as ExportMessage, capture));
        if ((i + 1) % ROWS_PER_STEP === 0 && !(await step())) return { ok: true, messages: i + 1 };
      }
      for (let i = 0; i < calls.length; i++) {
        writer.append('sip.call', callUpsert({ ...(calls[i] as CallSummary), capture }));
        if ((i + 1) % ROWS_PER_STEP === 0 && !(await step())) break;
      }
      return { ok: true, messages: messages.length };
    },
  };
}
