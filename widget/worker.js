// The Web Worker entry (bundled as hashiya-worker.js): the core runs here, so annotating a
// long article never blocks the page. Messages from the page:
//   { config }                  once, first: where the assets are and which layers to load
//   { id, request }             a core request (remote-core.js); answered { id, reply }
// and it posts { progress: { loaded, total } } while the data downloads.
import { createHost } from './host.js';

let host = null;

self.addEventListener('message', async ({ data }) => {
  if (data?.config) {
    host ??= createHost(data.config, (progress) => self.postMessage({ progress }));
    return;
  }
  if (typeof data?.id !== 'number') return;
  const reply = host
    ? await host.handle(data.request)
    : { ok: false, error: 'Hashiya: the worker got a request before its configuration' };
  self.postMessage({ id: data.id, reply });
});
