/**
 * The test page's script (bundled to entry.js): starts the trainer in a dedicated module worker and
 * publishes its report as `window.__striateResult` and as JSON in `<pre id="result">`.
 */
import type { PageResult } from './result.js';

/** `result` is a PageResult: the trainer's TrainerReport/TrainerFailure plus `pageCrossOriginIsolated` (the test validates it). */
function publish(result: PageResult | (object & { pageCrossOriginIsolated: boolean })): void {
  Reflect.set(globalThis, '__striateResult', result);
  const pre = document.createElement('pre');
  pre.id = 'result';
  pre.textContent = JSON.stringify(result);
  document.body.append(pre);
}

const pageCrossOriginIsolated = globalThis.crossOriginIsolated;
const trainer = new Worker(new URL('./trainer.js', import.meta.url), { type: 'module', name: 'striate-trainer' });
trainer.addEventListener('message', (e: MessageEvent<unknown>) => {
  const data = e.data;
  if (typeof data === 'object' && data !== null) publish({ ...data, pageCrossOriginIsolated });
  else publish({ ok: false, error: `unexpected message from the trainer: ${String(data)}`, pageCrossOriginIsolated });
  trainer.terminate();
});
trainer.addEventListener('error', (e: ErrorEvent) => {
  publish({ ok: false, error: `trainer worker error: ${e.message || 'failed to load'}`, pageCrossOriginIsolated });
});
