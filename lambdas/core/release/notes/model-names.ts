/**
 * Base model names in release-notes text: as written (`en-US_BroadbandModel`, `fr-CA_Telephony`,
 * `en-WW_Medical_Telephony`), or mapped from prose such as "US English broadband and narrowband
 * models" or "French Canadian next-generation telephony model".
 */
const MODEL_NAME = /\b[a-z]{2}-[A-Z]{2}_[A-Za-z]+(?:_[A-Za-z]+)*\b/g;

/**
 * Language names IBM writes in prose, and the locale of their models. Longer names come first so
 * that "French Canadian" wins over "French". Bare "English" is ambiguous and deliberately absent.
 */
export const PROSE_LANGUAGES: ReadonlyArray<readonly [name: string, locale: string]> = [
  ['Modern Standard Arabic', 'ar-MS'],
  ['Arabic', 'ar-MS'],
  ['Brazilian Portuguese', 'pt-BR'],
  ['Portuguese', 'pt-BR'],
  ['Mandarin Chinese', 'zh-CN'],
  ['Chinese', 'zh-CN'],
  ['Czech', 'cs-CZ'],
  ['Belgian Dutch', 'nl-BE'],
  ['Netherlands Dutch', 'nl-NL'],
  ['Dutch', 'nl-NL'],
  ['Australian English', 'en-AU'],
  ['UK English', 'en-GB'],
  ['US English', 'en-US'],
  ['Indian English', 'en-IN'],
  ['French Canadian', 'fr-CA'],
  ['Canadian French', 'fr-CA'],
  ['French', 'fr-FR'],
  ['German', 'de-DE'],
  ['Italian', 'it-IT'],
  ['Japanese', 'ja-JP'],
  ['Korean', 'ko-KR'],
  ['Latin American Spanish', 'es-LA'],
  ['Mexican Spanish', 'es-MX'],
  ['Argentinian Spanish', 'es-AR'],
  ['Chilean Spanish', 'es-CL'],
  ['Colombian Spanish', 'es-CO'],
  ['Peruvian Spanish', 'es-PE'],
  ['Castilian Spanish', 'es-ES'],
  ['Spanish', 'es-ES'],
  ['Swedish', 'sv-SE'],
];

/**
 * Model kinds in prose and the suffix of their names: broadband/narrowband are previous-generation
 * models (`_BroadbandModel`), telephony/multimedia next-generation ones (`_Telephony`).
 */
export const PROSE_MODEL_KINDS: Readonly<Record<string, string>> = {
  broadband: '_BroadbandModel',
  narrowband: '_NarrowbandModel',
  telephony: '_Telephony',
  multimedia: '_Multimedia',
};

const LANGUAGE = PROSE_LANGUAGES.map(([name]) => name.replace(/ /g, '\\s+')).join('|');
const KIND = Object.keys(PROSE_MODEL_KINDS).join('|');
const JOIN = '\\s*(?:,\\s*and|,\\s*or|,|and|or)\\s*';
// "<languages> [next-generation|previous-generation] <kinds> model(s)".
const PROSE_MODELS = new RegExp(
  `\\b((?:${LANGUAGE})(?:${JOIN}(?:${LANGUAGE}))*)\\s+(?:(?:next|previous)-generation\\s+)?((?:${KIND})(?:${JOIN}(?:${KIND}))*)\\s+models?\\b`,
  'gi',
);

/** Model names written in the text, in order of appearance, without duplicates. */
export function writtenModelNames(text: string): string[] {
  return unique(text.match(MODEL_NAME) ?? []);
}

/** Model names mapped from prose with {@link PROSE_LANGUAGES} and {@link PROSE_MODEL_KINDS}. */
export function proseModelNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PROSE_MODELS)) {
    const locales = findAll(match[1] ?? '', LANGUAGE).map(localeOf);
    const suffixes = findAll(match[2] ?? '', KIND).map((kind) => PROSE_MODEL_KINDS[kind.toLowerCase()]);
    for (const locale of locales) {
      for (const suffix of suffixes) if (locale && suffix) names.push(`${locale}${suffix}`);
    }
  }
  return unique(names);
}

/** Previous-generation names end in `Model`; only they support acoustic customization. */
export function isPreviousGeneration(modelName: string): boolean {
  return /(?:Broadband|Narrowband)Model$/.test(modelName);
}

export function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function findAll(text: string, alternatives: string): string[] {
  return text.match(new RegExp(`\\b(?:${alternatives})\\b`, 'gi')) ?? [];
}

function localeOf(languageName: string): string | undefined {
  const normalized = languageName.replace(/\s+/g, ' ').toLowerCase();
  return PROSE_LANGUAGES.find(([name]) => name.toLowerCase() === normalized)?.[1];
}
