/**
 * Remembers the answers of a pure function of a string for the keys seen most recently: the same
 * base DN is normalised and checked on every search of an application. Past `capacity` keys it
 * starts over, and a key longer than MAX_KEY_LENGTH is answered but not kept, so a stream of
 * distinct keys (a client's values) costs a bounded amount of memory.
 */
const MAX_KEY_LENGTH = 4096;

export class BoundedMemo<V> {
  readonly #answers = new Map<string, V>();

  constructor(private readonly capacity = 1024) {}

  get(key: string, compute: (key: string) => V): V {
    const known = this.#answers.get(key);
    if (known !== undefined || this.#answers.has(key)) return known as V;
    const answer = compute(key);
    this.remember(key, answer);
    return answer;
  }

  /** Takes `answer` as the function's for `key`, computed elsewhere. */
  remember(key: string, answer: V): void {
    if (key.length > MAX_KEY_LENGTH) return;
    if (this.#answers.size >= this.capacity) this.#answers.clear();
    this.#answers.set(key, answer);
  }
}
