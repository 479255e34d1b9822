// Entry of the reader worker thread: one read-only connection answering the read operations of
// read-ops.ts, one at a time, in the order asked. A failing read answers with its error; it never
// ends the thread.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openReaderConnection } from '../store/sqlite-pragmas.ts';
import { readOps, type ReadOps } from './read-ops.ts';
import type { FromReader, ReaderConfig, ToReader } from './reader-protocol.ts';

function serve(port: MessagePort, config: ReaderConfig): void {
  const send = (msg: FromReader): void => port.postMessage(msg);
  let ops: ReadOps;
  try {
    ops = readOps(openReaderConnection(config.dbPath));
  } catch (err) {
    send({ type: 'open-failed', message: err instanceof Error ? err.message : String(err) });
    port.close();
    return;
  }
  send({ type: 'ready' });
  port.on('message', (msg: ToReader) => {
    try {
      // The name was checked against ReadName by the pool's types; the argument belongs to it.
      const op = ops[msg.name] as (arg: unknown) => unknown;
      send({ type: 'result', id: msg.id, ok: true, result: op(msg.arg) });
    } catch (err) {
      send({ type: 'result', id: msg.id, ok: false, message: err instanceof Error ? err.message : String(err) });
    }
  });
}

if (parentPort) serve(parentPort, workerData as ReaderConfig);
