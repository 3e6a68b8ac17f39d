import { describe, expect, it } from 'vitest';
import { normaliseWords, scoringTokens } from '#core/scoring/index.js';

describe('normalisation, applied to references and hypotheses alike', () => {
  it('applies Unicode NFKC: full-width letters and digits become their plain forms', () => {
    expect(normaliseWords('ＡＢＣ １２３ ﬁle')).toEqual(['abc', '123', 'file']);
  });

  it('lower-cases every word', () => {
    expect(normaliseWords('Check My CLAIM Status')).toEqual(['check', 'my', 'claim', 'status']);
  });

  it("drops IBM's %HESITATION marker, with or without punctuation after it", () => {
    expect(normaliseWords('I %HESITATION want %HESITATION, that')).toEqual(['i', 'want', 'that']);
  });

  it('drops Japanese D_ hesitation tokens whole, not only their prefix', () => {
    expect(normaliseWords('今日 は D_えー 晴れ D_あの')).toEqual(['今日', 'は', '晴れ']);
  });

  it('drops the fillers uh, um, uhm, hmm, mm, uhuh and hesitation', () => {
    expect(normaliseWords('uh so um I uhm think hmm mm uhuh hesitation yes')).toEqual([
      'so',
      'i',
      'think',
      'yes',
    ]);
  });

  it('drops a filler written with punctuation around it', () => {
    expect(normaliseWords('Um, yes. Uh... no')).toEqual(['yes', 'no']);
  });

  it('keeps words that merely contain a filler', () => {
    expect(normaliseWords('umbrella hummus mmm')).toEqual(['umbrella', 'hummus', 'mmm']);
  });

  it('turns every character that is not a letter, digit, apostrophe or white space into a space', () => {
    expect(normaliseWords('claim #42: status/update -- done!')).toEqual([
      'claim',
      '42',
      'status',
      'update',
      'done',
    ]);
  });

  it('keeps apostrophes inside words', () => {
    expect(normaliseWords("I'd like it, don't you")).toEqual(["i'd", 'like', 'it', "don't", 'you']);
  });

  it('drops apostrophes at word edges', () => {
    expect(normaliseWords("'cause the students' ''quoted'' '")).toEqual([
      'cause',
      'the',
      'students',
      'quoted',
    ]);
  });

  it('treats a typographic apostrophe as the plain one', () => {
    expect(normaliseWords('I’d')).toEqual(normaliseWords("I'd"));
  });

  it('keeps letters and digits of every script, combining marks included', () => {
    expect(normaliseWords('Grüße, 東京 ٣ नमस्ते')).toEqual(['grüße', '東京', '٣', 'नमस्ते']);
  });

  it('gives no words for text that is only punctuation, fillers and white space', () => {
    expect(normaliseWords(' ...  um %HESITATION !? \t')).toEqual([]);
  });

  it('scores by characters with the same normalisation and white space removed', () => {
    expect(scoringTokens('今日は、 D_えー 晴れ！', 'character')).toEqual(['今', '日', 'は', '晴', 'れ']);
  });
});
