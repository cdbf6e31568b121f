// Where the core runs (the Web Worker, or the page when no worker can be made): one
// `CoreHost` of www/remote-core.js, whose load is widget/load-core.js, and whose `status`
// answer also says what was loaded (engine, layers, bytes, from the cache or not).
import { CoreHost } from '../www/remote-core.js';
import { loadCore } from './load-core.js';

/**
 * @param {object} config see `loadCore`
 * @param {(progress: { loaded: number, total: number }) => void} onProgress
 * @returns {{ handle(request: object): Promise<object> }}
 */
export function createHost(config, onProgress) {
  let info = null;
  const host = new CoreHost(async () => {
    const loaded = await loadCore(config, onProgress);
    info = loaded.info;
    return loaded.hashiya;
  });
  return {
    async handle(request) {
      const reply = await host.handle(request);
      // `info` is brought up to date as the layers join (a progressive load); `status` and
      // `loaded` (which answers once they have) carry it.
      if ((request?.op === 'status' || request?.op === 'loaded') && reply.ok) reply.result = { ...reply.result, ...info };
      return reply;
    },
  };
}
