// A worker that fails: it throws an uncaught error once the parent tells it to.
import { parentPort } from 'node:worker_threads';

parentPort!.once('message', () => {
  throw new Error('crash worker: failing on purpose');
});
parentPort!.postMessage('ready');
