/**
 * A least-recently-used cache bounded by bytes (Map keeps insertion order; a hit re-inserts). An
 * entry bigger than a quarter of the budget is not kept: it would evict most of the others.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, { value: V; bytes: number }>();
  private used = 0;

  constructor(
    /** The budget: the sum of `sizeOf` over the entries never exceeds it. */
    readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(key: K): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(value);
    if (bytes > this.maxBytes / 4) return;
    this.map.set(key, { value, bytes });
    this.used += bytes;
    while (this.used > this.maxBytes) this.delete(this.map.keys().next().value as K);
  }

  private delete(key: K): void {
    const e = this.map.get(key);
    if (!e) return;
    this.map.delete(key);
    this.used -= e.bytes;
  }

  get size(): number {
    return this.map.size;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.used;
  }
}
