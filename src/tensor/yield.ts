/**
 * Resolves after the host's event loop has turned once (a macrotask, not a microtask). Backends with
 * their own heap (wasm) get memory back through FinalizationRegistry callbacks, which run only
 * between tasks; training loops yield here once per step so that memory stays flat.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
