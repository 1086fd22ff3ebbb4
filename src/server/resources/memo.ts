/**
 * Answers kept per key while the server runs (the newest `size` keys; a failed answer is not
 * kept). Read resources whose inputs change only when the store is written elsewhere use it:
 * `paydirt serve` holds the store, so nothing else writes it while the server runs.
 */
export function memo<T>(size: number): (key: string, compute: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, Promise<T>>();
  return (key, compute) => {
    const hit = kept.get(key);
    if (hit) {
      // Newest last: a hit moves the key to the end.
      kept.delete(key);
      kept.set(key, hit);
      return hit;
    }
    const p = compute();
    kept.set(key, p);
    p.catch(() => kept.delete(key));
    while (kept.size > size) {
      const oldest = kept.keys().next().value;
      if (oldest === undefined) break;
      kept.delete(oldest);
    }
    return p;
  };
}
