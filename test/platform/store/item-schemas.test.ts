import { z } from 'zod';
import { decoder, keyId, optional, when } from '../../../src/platform/store/item-schemas';

const schema = z.object({ keyId, at: when, note: optional(z.string()) });

describe('the pieces every stored item is decoded with', () => {
  it('a date is read back from the ISO text the store wrote', () => {
    const decode = decoder('thing', schema);
    expect(decode({ keyId: 'AKIAIOSFODNN7EXAMPLE', at: '2026-12-01T10:00:00.000Z', note: null })).toEqual({
      keyId: 'AKIAIOSFODNN7EXAMPLE',
      at: new Date('2026-12-01T10:00:00.000Z'),
    });
  });

  it('an item that is not one Keywarden wrote is STORE_CORRUPT, naming its id and the first issue', () => {
    const decode = decoder('thing', schema);
    expect(() => decode({ id: 't1', keyId: 'AKIAIOSFODNN7EXAMPLE', at: 'yesterday' })).toThrow(
      expect.objectContaining({
        code: 'STORE_CORRUPT',
        message: 'stored thing t1 is not one Keywarden wrote: at is not a date',
      }),
    );
    expect(() => decode({ pk: 'THING#1', keyId: '../../etc/passwd', at: 'yesterday' })).toThrow(
      /^stored thing THING#1 is not one Keywarden wrote: keyId/,
    );
  });

  it('an item without an id can be named another way', () => {
    const decode = decoder('thing', schema, (item) => `${String(item.pk)}/${String(item.sk)}`);
    expect(() => decode({ pk: 'P', sk: 'S', keyId: 'x', at: 'x' })).toThrow(/^stored thing P\/S is not/);
  });
});
