// Async answers (is there a components folder, does this file exist, which templates run this deploy) that diagnostics
// need synchronously: the last answer serves at once and a fresh one is computed in the background.
/** Answers older than this are refreshed in the background; diagnostics use the last answer meanwhile. */
const REFRESH_MS = 1500;

/** Keys are typed text (every prefix of a path being typed is one), so the answers kept are the most recently used. */
const MAX_REFRESHING_ENTRIES = 1000;

interface RefreshingEntry<T> {
  value?: T;
  at: number;
  signature?: string;
  running?: Promise<T>;
  /** The documents whose diagnostics used this answer: the only ones to reanalyse when it arrives or changes. */
  requesters: Set<string>;
}

/** Remembers the last answer of an async question and refreshes it in the background, reporting real changes. */
export class Refreshing<T> {
  private readonly entries = new Map<string, RefreshingEntry<T>>();

  constructor(
    private readonly onChange: (uris: string[]) => void,
    private readonly maxEntries = MAX_REFRESHING_ENTRIES,
    private readonly background?: (work: Promise<unknown>) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The last answer, if any, without waiting; a missing or stale one is computed and `requester` told when it lands. */
  peek(key: string, compute: () => Promise<T>, requester: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.touch(key, entry);
      entry.requesters.add(requester);
    }
    if (!entry || (!entry.running && Date.now() - entry.at > REFRESH_MS)) {
      const work = this.get(key, compute, requester).catch(() => undefined);
      this.background?.(work);
    }
    return entry?.value;
  }

  async get(key: string, compute: () => Promise<T>, requester?: string): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) this.touch(key, entry);
    if (requester) entry?.requesters.add(requester);
    if (entry?.running) return entry.running;
    if (entry && entry.value !== undefined && Date.now() - entry.at <= REFRESH_MS) return entry.value;
    if (!entry) {
      entry = { at: 0, requesters: new Set(requester ? [requester] : []) };
      this.entries.set(key, entry);
      this.evict();
    }
    const current = entry;
    current.running = compute().then(
      (value) => {
        const signature = JSON.stringify(value, (_key, inner: unknown) => (inner instanceof RegExp ? inner.source : inner instanceof Map ? [...inner.keys()] : inner));
        const changed = current.signature !== undefined && current.signature !== signature;
        const first = current.signature === undefined;
        Object.assign(current, { value, at: Date.now(), signature, running: undefined });
        if ((changed || first) && current.requesters.size > 0) this.onChange([...current.requesters]);
        return value;
      },
      (error: unknown) => {
        current.running = undefined;
        current.at = Date.now();
        throw error;
      },
    );
    return current.running;
  }

  private touch(key: string, entry: RefreshingEntry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(key);
    }
  }
}
