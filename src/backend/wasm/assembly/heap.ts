/** Module layout queries used by the JS loader. */

/** First byte past the module's static data: the JS allocator hands out memory above it. */
export function heap_base(): usize {
  return __heap_base;
}
