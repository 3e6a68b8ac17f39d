/** What a release-notes heading says about its section. */
export interface SectionHeading {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** `Version 4.6.2` when the heading names a product release, else null. */
  readonly release: string | null;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

// Month names, full or abbreviated ("Sept" included); matched case-insensitively.
const MONTH =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
// "14 December 2017" (IBM's form) and "December 14, 2017".
const DAY_FIRST = new RegExp(`\\b(\\d{1,2})\\s+${MONTH}\\.?,?\\s+(\\d{4})\\b`, 'gi');
const MONTH_FIRST = new RegExp(`\\b${MONTH}\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})\\b`, 'gi');
// "(Version 4.6.0)", "Version 4.6.2 (12 December 2022)", "Version 4.0.x"; a heading may also start with a bare "4.6.2".
const VERSION = /\bVersion\s+(\d+(?:\.(?:\d+|x))*)\b/i;
const LEADING_VERSION = /^(\d+\.\d+(?:\.(?:\d+|x))*)\b/;

/**
 * Reads a section heading's text (without the `#`s). Returns null unless it holds exactly one
 * valid calendar date: headings such as "Older releases" or "June 2025" are not guessed at.
 */
export function parseSectionHeading(text: string): SectionHeading | null {
  const dates = [
    ...[...text.matchAll(DAY_FIRST)].map((m) => toIsoDate(m[3], m[2], m[1])),
    ...[...text.matchAll(MONTH_FIRST)].map((m) => toIsoDate(m[3], m[1], m[2])),
  ];
  if (dates.length !== 1 || dates[0] === null) return null;
  const version = VERSION.exec(text)?.[1] ?? LEADING_VERSION.exec(text.trim())?.[1];
  return { date: dates[0], release: version === undefined ? null : `Version ${version}` };
}

/**
 * Finds the product release a section announces in its text ("Version 4.6.3 is now available",
 * "Speech to Text for Cloud Pak for Data version 4.6.3 is now available"). Versions of SDKs,
 * APIs or tools ("Node SDK version 5.0 is now available") are not releases of the service.
 */
export function releaseFromText(text: string): string | null {
  for (const match of text.matchAll(
    /\bversion\s+(\d+\.\d+(?:\.(?:\d+|x))*)\s+(?:is|are)\s+now\s+available\b/gi,
  )) {
    const sentenceStart =
      text
        .slice(0, match.index)
        .split(/[.!?:\n]\s/)
        .pop() ?? '';
    if (!/\b(?:SDKs?|librar(?:y|ies)|APIs?|clients?|plug-?ins?|CLI|tools?)\b/i.test(sentenceStart)) {
      return `Version ${match[1]}`;
    }
  }
  return null;
}

function toIsoDate(
  year: string | undefined,
  monthName: string | undefined,
  day: string | undefined,
): string | null {
  if (year === undefined || monthName === undefined || day === undefined) return null;
  const prefix = monthName.toLowerCase().slice(0, 3);
  const month = MONTHS.findIndex((name) => name.startsWith(prefix)) + 1;
  const y = Number(year);
  const d = Number(day);
  // Date.UTC rolls 31 February over into March; a mismatch means the day does not exist.
  const probe = new Date(Date.UTC(y, month - 1, d));
  if (month === 0 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== d) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
