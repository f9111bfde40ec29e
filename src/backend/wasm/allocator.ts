/** Bytes in one WebAssembly page. */
export const PAGE_BYTES = 65536;

/** Every block starts at a multiple of this and has a size that is one (v128 loads/stores). */
export const ALIGN = 16;

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** What the allocator needs from a `WebAssembly.Memory`. */
export interface GrowableMemory {
  readonly buffer: ArrayBufferLike;
  grow(deltaPages: number): number;
}

export interface AllocatorStats {
  /** Bytes in live blocks (rounded up to the alignment). */
  readonly allocatedBytes: number;
  /** Bytes in free blocks below `top`. */
  readonly freeBytes: number;
  /** Highest `allocatedBytes` seen. */
  readonly peakBytes: number;
  /** End of the highest block handed out; everything above is untouched. */
  readonly top: number;
  /** Current size of the memory in bytes. */
  readonly capacity: number;
  readonly liveBlocks: number;
  readonly freeBlocks: number;
  /** How many times the memory grew. */
  readonly grows: number;
}

/**
 * First-fit allocator with coalescing over the wasm backend's linear memory, managed from JS (kernels
 * never allocate). Blocks live in [base, top); free blocks are kept sorted by address and merged with
 * their neighbours on free, and a free block that reaches `top` lowers `top` instead. When no free
 * block fits and the memory above `top` is too small, the memory grows by at least a quarter of its
 * size (and never past `maxBytes`).
 *
 * Growing a memory replaces its `buffer`: never keep a typed-array view across an allocation.
 */
export class Allocator {
  private readonly freeStarts: number[] = [];
  private readonly freeSizes: number[] = [];
  private readonly live = new Map<number, number>();
  private topPtr: number;
  private allocated = 0;
  private peak = 0;
  private growCount = 0;
  /** Lowest `allocated` since the last `onPressure` call. */
  private lowWater = 0;
  /**
   * Called (best effort) when the live bytes have grown by
   * `max(minPressureBytes, min(pressureBytes, capacity / 2))` over
   * their lowest level since the previous call, and before every growth, so that the owner can ask
   * the host for a garbage collection; the handles it finds unreachable come back through their
   * finalizers, on a later turn of the event loop. Allocations balanced by frees (blocks released
   * early and reused, as in a training step) do not count: a full collection costs milliseconds.
   */
  onPressure: (() => void) | null = null;
  /** Upper bound on the growth of live bytes between two `onPressure` calls. */
  pressureBytes = 256 * 1024 * 1024;
  /**
   * Lower bound on that growth: a full collection costs ~5-9 ms here whatever the size, so small
   * memories would otherwise collect every few steps (0.6 collections per lecture-CNN training step at
   * 64 MiB). The price is up to this much unreclaimed memory.
   */
  minPressureBytes = 128 * 1024 * 1024;
  private capacity: number;

  constructor(
    private readonly memory: GrowableMemory,
    readonly base: number,
    readonly maxBytes: number,
  ) {
    this.topPtr = alignUp(base, ALIGN);
    this.capacity = memory.buffer.byteLength;
  }

  /** Returns the byte offset of a fresh 16-byte-aligned block of at least `bytes` bytes (contents undefined). */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, alignUp(bytes, ALIGN));
    if (this.onPressure && this.allocated + size - this.lowWater >= this.pressureThreshold()) this.signal();
    let ptr = this.takeFree(size);
    if (ptr < 0) {
      this.ensureCapacity(this.topPtr + size);
      ptr = this.topPtr;
      this.topPtr += size;
    }
    this.live.set(ptr, size);
    this.allocated += size;
    if (this.allocated > this.peak) this.peak = this.allocated;
    return ptr;
  }

  /** Returns a block to the allocator. Freeing an unknown pointer throws (a double free is a bug). */
  free(ptr: number): void {
    const size = this.live.get(ptr);
    if (size === undefined) throw new Error(`wasm allocator: free of unknown pointer ${ptr}`);
    this.live.delete(ptr);
    this.allocated -= size;
    if (this.allocated < this.lowWater) this.lowWater = this.allocated;
    this.insertFree(ptr, size);
  }

  /** Size in bytes of a live block, or undefined. */
  sizeOf(ptr: number): number | undefined {
    return this.live.get(ptr);
  }

  stats(): AllocatorStats {
    let freeBytes = 0;
    for (const s of this.freeSizes) freeBytes += s;
    return {
      allocatedBytes: this.allocated, freeBytes, peakBytes: this.peak, top: this.topPtr,
      capacity: this.memory.buffer.byteLength, liveBlocks: this.live.size, freeBlocks: this.freeStarts.length,
      grows: this.growCount,
    };
  }

  private pressureThreshold(): number {
    return Math.max(this.minPressureBytes, Math.min(this.pressureBytes, this.capacity / 2));
  }

  private signal(): void {
    this.lowWater = this.allocated;
    this.onPressure?.();
  }

  private takeFree(size: number): number {
    for (let i = 0; i < this.freeStarts.length; i++) {
      const have = this.freeSizes[i]!;
      if (have < size) continue;
      const ptr = this.freeStarts[i]!;
      if (have === size) {
        this.freeStarts.splice(i, 1);
        this.freeSizes.splice(i, 1);
      } else {
        this.freeStarts[i] = ptr + size;
        this.freeSizes[i] = have - size;
      }
      return ptr;
    }
    return -1;
  }

  private insertFree(ptr: number, size: number): void {
    const starts = this.freeStarts;
    const sizes = this.freeSizes;
    // First free block after ptr (binary search).
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < ptr) lo = mid + 1;
      else hi = mid;
    }
    let start = ptr;
    let end = ptr + size;
    let at = lo;
    let remove = 0;
    if (at > 0 && starts[at - 1]! + sizes[at - 1]! === start) {
      at--;
      start = starts[at]!;
      remove++;
    }
    if (lo < starts.length && starts[lo]! === end) {
      end += sizes[lo]!;
      remove++;
    }
    if (end === this.topPtr) {
      starts.splice(at, remove);
      sizes.splice(at, remove);
      this.topPtr = start;
      return;
    }
    starts.splice(at, remove, start);
    sizes.splice(at, remove, end - start);
  }

  private ensureCapacity(end: number): void {
    const capacity = this.capacity;
    if (end <= capacity) return;
    if (end > this.maxBytes)
      throw new RangeError(
        `wasm backend: out of memory (need ${end} bytes of linear memory, the maximum is ${this.maxBytes}; ` +
          `${this.allocated} bytes are in live tensors)`,
      );
    this.signal();
    const wanted = Math.max(end, Math.min(this.maxBytes, capacity + Math.ceil(capacity / 4)));
    const pages = Math.ceil((wanted - capacity) / PAGE_BYTES);
    this.memory.grow(pages);
    this.growCount++;
    this.capacity = this.memory.buffer.byteLength;
  }
}
