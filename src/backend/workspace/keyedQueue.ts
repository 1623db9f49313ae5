/**
 * Runs tasks one at a time per key, in the order they were queued; tasks on different keys
 * run concurrently. The workspace keys by file, so two saves of one file never interleave.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Queues `task` after every earlier task of `key`; a failed task does not stop later ones. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** How many keys have queued or running tasks (for tests and shutdown). */
  get activeKeys(): number {
    return this.tails.size;
  }
}
