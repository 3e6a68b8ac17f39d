import { describe, expect, it } from 'vitest';
import { derivedTitle, plainText, sentences, textUnits } from '#core/release/notes/entry-text.js';

describe('derivedTitle', () => {
  it('uses the bold lead-in of a bullet entry', () => {
    expect(
      derivedTitle('**Updated Japanese models:** The `ja-JP_BroadbandModel` model has been updated.'),
    ).toBe('Updated Japanese models');
  });

  it('uses the first sentence as plain text', () => {
    expect(
      derivedTitle('The `es-ES_NarrowbandModel` model was upgraded. The upgrade does not affect it.'),
    ).toBe('The es-ES_NarrowbandModel model was upgraded');
  });

  it('cuts a long first sentence at a word boundary to at most 100 characters', () => {
    const title = derivedTitle(`${'word '.repeat(40)}end.`);
    expect(title.length).toBeLessThanOrEqual(100);
    expect(title).toMatch(/^(?:word )+\S*word…$/);
  });
});

describe('textUnits and sentences', () => {
  it('keeps list items apart from the paragraph that introduces them', () => {
    const units = textUnits([
      'The following models were updated:',
      '',
      '    -   `a-B_Telephony`',
      '    -   `c-D_Telephony`',
    ]);
    expect(units).toEqual([
      { text: 'The following models were updated:', isListItem: false },
      { text: '`a-B_Telephony`', isListItem: true },
      { text: '`c-D_Telephony`', isListItem: true },
    ]);
  });

  it('splits at sentence ends but not inside names or versions', () => {
    expect(sentences('Version 4.6.2 updated `en-US_Telephony`. *You need to upgrade.* Done')).toEqual([
      'Version 4.6.2 updated `en-US_Telephony`.',
      '*You need to upgrade.*',
      'Done',
    ]);
  });

  it('reduces links and emphasis to text', () => {
    expect(plainText('See [Upgrading](/docs/x){: external} **now** for `model`.')).toBe(
      'See Upgrading now for model.',
    );
  });
});
