// Entry of the writer worker thread: the only connection that writes to the database.
// Messages are handled one at a time, in the order the main thread sent them.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { WriteSession } from './write-session.ts';
import type { FromWorker, ToWorker, WriterConfig } from './writer-protocol.ts';

function serve(port: MessagePort, config: WriterConfig): void {
  const send = (msg: FromWorker): void => port.postMessage(msg);
  const opened = WriteSession.open(config);
  if (!opened.ok) {
    send({ type: 'open-failed', message: opened.message });
    port.close();
    return;
  }
  const session = opened.session;
  send({ type: 'ready', userVersion: opened.migrated.to, applied: opened.migrated.applied });
  port.on('message', (msg: ToWorker) => {
    switch (msg.type) {
      case 'batch':
        send({ type: 'committed', seq: msg.seq, ...session.commitBatch(msg.groups, msg.arena) });
        return;
      case 'run': {
        const started = performance.now();
        const result = session.runOne(msg.group);
        send({ type: 'ran', seq: msg.seq, kind: msg.group.kind, ms: performance.now() - started, result });
        return;
      }
      case 'maintain':
        send({ type: 'maintained', seq: msg.seq, result: session.maintain(msg.op) });
        return;
      case 'close':
        session.close();
        send({ type: 'closed', seq: msg.seq });
        port.close();
        return;
    }
  });
}

if (parentPort !== null) serve(parentPort, workerData as WriterConfig);
