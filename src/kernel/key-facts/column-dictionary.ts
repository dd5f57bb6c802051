/** "No value" in a dictionary-coded column. */
export const NONE = 0;

/**
 * The distinct values of a column numbered from 1, 0 being "none": a few accounts, services,
 * regions and reason sets stand for hundreds of thousands of keys (see StaleKeyTable).
 */
export class ColumnDictionary<T> {
  readonly values: Array<T | undefined> = [undefined];
  private readonly index = new Map<string, number>();

  constructor(private readonly keyOf: (value: T) => string) {}

  code(value: T | undefined): number {
    if (value === undefined) return NONE;
    const key = this.keyOf(value);
    let code = this.index.get(key);
    if (code === undefined) {
      code = this.values.length;
      if (code > 0xffff) throw new RangeError('more than 65,535 distinct values in a key column');
      this.values.push(value);
      this.index.set(key, code);
    }
    return code;
  }
}
