/**
 * Starts one pool worker from the worker script (worker.ts / worker.js next to this file) in Node
 * (`worker_threads`) or a browser (module Web Worker), behind one small interface.
 *
 * Where the script is: next to the compiled module (`dist/src/backend/wasm/pool/worker.js`), resolved
 * from `import.meta.url`. Run from source under tsx this file is `pool/spawn.ts`, so the script is
 * `worker.ts`, and a Node worker needs the tsx loader. `new Worker(url, { execArgv: ['--import', 'tsx'] })`
 * does not apply tsx's hooks to the worker's entry on Node 20 ("Unknown file extension .ts"), so the
 * worker is started from a small eval bootstrap that registers tsx (`tsx/esm/api`, resolved from this
 * file) and then imports worker.ts. `workerUrl` (backend option) overrides the location
 * (bundlers).
 */
import { isNode } from '../probe.js';
import { nodeBuiltin } from '../loader.js';
import type { InitMessage } from './protocol.js';

/** A started worker, environment-independent. */
export interface PoolWorker {
  post(msg: InitMessage): void;
  /** Every message the worker posts. */
  onMessage(handler: (data: unknown) => void): void;
  /** An uncaught error in the worker, or its exit; the string says which. */
  onFailure(handler: (reason: string) => void): void;
  /** Node: do not keep the process alive for this worker. No-op in browsers. */
  unref(): void;
  terminate(): Promise<void>;
}

/** The default worker script URL: worker.ts under tsx, worker.js once compiled. */
export function defaultWorkerUrl(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
}

/** CommonJS source of a worker that registers tsx and then imports the TypeScript worker at `url`. */
function tsxBootstrap(url: URL): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
}

async function spawnNode(url: URL): Promise<PoolWorker> {
  const { Worker } = await import('node:worker_threads');
  return wrapNode(Worker, url);
}

/** Node only: starts a worker without awaiting anything (for the synchronous start of the default backend). */
export function spawnWorkerSync(url: URL = defaultWorkerUrl()): PoolWorker {
  return wrapNode(nodeBuiltin('node:worker_threads').Worker, url);
}

function wrapNode(Worker: typeof import('node:worker_threads').Worker, url: URL): PoolWorker {
  // No inherited options: the parent's entry options (`-e`, `--input-type`) break a file worker, explicit
  // V8 options (`--expose-gc`) are rejected, and the worker needs none (V8 flags are process-wide).
  const execArgv: string[] = [];
  const w = url.pathname.endsWith('.ts') ? new Worker(tsxBootstrap(url), { eval: true, execArgv }) : new Worker(url, { execArgv });
  return {
    post: (msg) => w.postMessage(msg),
    onMessage: (h) => void w.on('message', h),
    onFailure: (h) => {
      w.on('error', (e: unknown) => h(`worker error: ${e instanceof Error ? e.message : String(e)}`));
      w.on('exit', (code: number) => h(`worker exited with code ${code}`));
    },
    unref: () => w.unref(),
    terminate: async () => void (await w.terminate()),
  };
}

function spawnBrowser(url: URL): PoolWorker {
  const w = new Worker(url, { type: 'module' });
  return {
    post: (msg) => w.postMessage(msg),
    onMessage: (h) => w.addEventListener('message', (e: MessageEvent<unknown>) => h(e.data)),
    onFailure: (h) => {
      w.addEventListener('error', (e: ErrorEvent) => h(`worker error: ${e.message || 'failed to load or crashed'}`));
      w.addEventListener('messageerror', () => h('worker could not deserialize a message'));
    },
    unref: () => undefined,
    terminate: async () => w.terminate(),
  };
}

export async function spawnWorker(url: URL = defaultWorkerUrl()): Promise<PoolWorker> {
  return isNode() ? spawnNode(url) : spawnBrowser(url);
}
