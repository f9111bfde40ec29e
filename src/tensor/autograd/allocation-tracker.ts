import type { DataHandle } from '../../engine/backend.js';

/**
 * Records the handles the backend allocates while a tracker is active. `backward()` activates one so
 * that, when it is done, it can release every buffer it made except the gradients it stored on leaves:
 * those temporaries were never visible to user code, so freeing them early is safe, and backends with
 * their own heap (wasm) get their memory back without waiting for the garbage collector.
 */
export class AllocationTracker {
  readonly handles: DataHandle[] = [];
}

let active: AllocationTracker | null = null;

/** Called by the two places that create new handles: op dispatch and tensor creation from arrays. */
export function noteAllocation(handle: DataHandle): void {
  active?.handles.push(handle);
}

/** Runs `fn` with `tracker` recording allocations (trackers do not nest: the inner one wins). */
export function withAllocationTracker<T>(tracker: AllocationTracker, fn: () => T): T {
  const prev = active;
  active = tracker;
  try {
    return fn();
  } finally {
    active = prev;
  }
}
