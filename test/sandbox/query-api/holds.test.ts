import { Holds } from '../../../sandbox/query-api/holds';

describe('Holds: requests held until the test lets them through', () => {
  it('holds only the named action, counts what arrived, and lets all through on release', async () => {
    const holds = new Holds();
    const hold = holds.hold('UpdateAccessKey');
    await expect(holds.pass('ListAccessKeys')).resolves.toBe(true);
    const passed: boolean[] = [];
    const first = holds.pass('UpdateAccessKey').then((go) => passed.push(go));
    const second = holds.pass('UpdateAccessKey').then((go) => passed.push(go));
    await expect(hold.arrived(2, 1_000)).resolves.toBe(2);
    expect(hold.waiting()).toBe(2);
    expect(passed).toEqual([]);

    hold.release();
    await Promise.all([first, second]);
    expect(passed).toEqual([true, true]);
    await expect(holds.pass('UpdateAccessKey')).resolves.toBe(true);
    expect(hold.waiting()).toBe(0);
  });

  it('a request held when its server closes is let go unanswered; arrived() rejects when too few came', async () => {
    const holds = new Holds();
    const hold = holds.hold('chat.postMessage');
    const closing = new AbortController();
    const held = holds.pass('chat.postMessage', closing.signal);
    closing.abort();
    await expect(held).resolves.toBe(false);
    expect(hold.waiting()).toBe(0);
    await expect(hold.arrived(2, 50)).rejects.toThrow('1 of 2 chat.postMessage requests reached the hold');
    expect(() => holds.hold('chat.postMessage')).toThrow('held already');
  });
});
