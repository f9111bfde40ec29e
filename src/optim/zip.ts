/**
 * Pairs two lists that hold one entry each for the same things (param groups and their learning rates,
 * schedulers and their saved states): `[a[i], b[i]]` for every i, or the error `mismatch()` makes when
 * their lengths differ, before anything is paired.
 */
export function zipExact<A, B>(a: readonly A[], b: readonly B[], mismatch: () => Error): [A, B][] {
  if (a.length !== b.length) throw mismatch();
  const rest = b.values();
  return a.map((x) => {
    const next = rest.next();
    if (next.done === true) throw mismatch();
    return [x, next.value];
  });
}
