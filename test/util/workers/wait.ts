// A worker that never ends on its own: it keeps its port open and reports that it started.
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', () => {});
parentPort!.postMessage('ready');
