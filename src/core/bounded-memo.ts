/**
 * Remembers the answers of a pure function of a string for the keys seen most recently: the same
 * base DN is normalised and checked on every search of an application. Past `capacity` keys it
 * starts over, so a stream of distinct keys costs memory for `capacity` of them at most.
 */
export class BoundedMemo<V> {
  readonly #answers = new Map<string, V>();

  constructor(private readonly capacity = 1024) {}

  get(key: string, compute: (key: string) => V): V {
    const known = this.#answers.get(key);
    if (known !== undefined || this.#answers.has(key)) return known as V;
    const answer = compute(key);
    if (this.#answers.size >= this.capacity) this.#answers.clear();
    this.#answers.set(key, answer);
    return answer;
  }

  /** Takes `answer` as the function's for `key`, computed elsewhere. */
  remember(key: string, answer: V): void {
    if (this.#answers.size >= this.capacity) this.#answers.clear();
    this.#answers.set(key, answer);
  }
}
