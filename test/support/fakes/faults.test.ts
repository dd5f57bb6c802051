import { copy, Faults, iamError } from './faults';

describe('Faults', () => {
  it('throws the queued error the given number of times, then heals', () => {
    const faults = new Faults<'call'>();
    faults.fail('call', iamError('IAM_THROTTLED'), 2);
    expect(() => faults.check('call')).toThrow(expect.objectContaining({ code: 'IAM_THROTTLED' }));
    expect(() => faults.check('call')).toThrow();
    expect(() => faults.check('call')).not.toThrow();
    faults.fail('call', new Error('down'), Infinity);
    expect(() => faults.check('call')).toThrow('down');
    faults.heal();
    expect(() => faults.check('call')).not.toThrow();
    faults.fail('call', new Error('third'), 1, 2);
    expect(() => faults.check('call')).not.toThrow();
    expect(() => faults.check('call')).not.toThrow();
    expect(() => faults.check('call')).toThrow('third');
  });

  it('copy is deep and keeps Dates as Dates of this realm', () => {
    const original = { at: new Date(0), list: [{ n: 1 }], none: undefined };
    const copied = copy(original);
    copied.list[0]!.n = 2;
    expect(original.list[0]?.n).toBe(1);
    expect(copied.at).toBeInstanceOf(Date);
    expect(copied).toHaveProperty('none', undefined);
  });
});
