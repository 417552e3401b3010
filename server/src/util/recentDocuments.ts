// Per-document memory for code that never learns when a document closes (analysis steps keyed by URI): only the most
// recently used documents are kept, bounded in number and in the weight (characters of text) they keep alive.
export class RecentDocuments<T> {
  private readonly entries = new Map<string, { value: T; weight: number }>();
  private totalWeight = 0;

  constructor(
    private readonly maxDocuments: number,
    private readonly maxWeight: number,
  ) {}

  get(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }

  /** Stores `value` as the newest entry, then drops the oldest ones until both bounds hold (never the newest). */
  set(key: string, value: T, weight: number): void {
    const previous = this.entries.get(key);
    if (previous) {
      this.totalWeight -= previous.weight;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, weight });
    this.totalWeight += weight;
    for (const [oldest, entry] of this.entries) {
      if ((this.entries.size <= this.maxDocuments && this.totalWeight <= this.maxWeight) || oldest === key) break;
      this.entries.delete(oldest);
      this.totalWeight -= entry.weight;
    }
  }

  clear(): void {
    this.entries.clear();
    this.totalWeight = 0;
  }
}
