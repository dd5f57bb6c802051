import { parsePolicy } from '../../src/platform/config';

describe('scanning.maxConcurrentAccounts: the bound of accounts scanned at once', () => {
  it('defaults to 16 when the block or the field is left out', () => {
    expect(parsePolicy('{}', 'p.yml').scanning).toEqual({ maxConcurrentAccounts: 16 });
    expect(parsePolicy('scanning: {}', 'p.yml').scanning).toEqual({ maxConcurrentAccounts: 16 });
  });

  it('takes a bound from 1 to 64', () => {
    expect(
      parsePolicy('scanning: { maxConcurrentAccounts: 1 }', 'p.yml').scanning.maxConcurrentAccounts,
    ).toBe(1);
    expect(
      parsePolicy('scanning: { maxConcurrentAccounts: 64 }', 'p.yml').scanning.maxConcurrentAccounts,
    ).toBe(64);
  });

  it.each([
    ['scanning: { maxConcurrentAccounts: 0 }', 'scanning.maxConcurrentAccounts'],
    ['scanning: { maxConcurrentAccounts: 65 }', 'scanning.maxConcurrentAccounts'],
    ['scanning: { maxConcurrentAccounts: 2.5 }', 'scanning.maxConcurrentAccounts'],
    ['scanning: { concurrency: 4 }', 'scanning'],
  ])('%s fails naming %s', (yaml, field) => {
    expect(() => parsePolicy(yaml, 'p.yml')).toThrow(`p.yml: ${field}:`);
  });
});
