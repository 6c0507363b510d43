/** Fixed-capacity log: pushing past capacity overwrites the oldest entry in O(1). */
export class RingBuffer<T> {
  private items: (T | undefined)[] = [];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.capacity <= 0) return;
    if (this.count < this.capacity) {
      this.items.push(item);
      this.count++;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Oldest first; `limit` keeps only the newest `limit` entries. */
  toArray(limit = this.count): T[] {
    const take = Math.max(0, Math.min(limit, this.count));
    const out: T[] = [];
    for (let i = this.count - take; i < this.count; i++) {
      const item = this.items[(this.start + i) % this.capacity];
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  clear(): void {
    this.items = [];
    this.start = 0;
    this.count = 0;
  }
}

/** FIFO queue with O(1) shift (Array#shift is O(n) on long queues). */
export class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  clear(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}

/** Map that forgets its oldest insertions beyond `capacity`. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly capacity: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    while (this.size > this.capacity) {
      const oldest = this.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    return this;
  }
}
