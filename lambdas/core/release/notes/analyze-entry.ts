import { derivedTitle, plainText, sentences, textUnits } from './entry-text.js';
import { isPreviousGeneration, PROSE_LANGUAGES, proseModelNames, writtenModelNames } from './model-names.js';
import type { CustomModelType, ReleaseEntry } from './release-entry.js';
import type { RawEntry } from './split-sections.js';
import { readUpgradeStatement } from './upgrade-statement.js';

/**
 * "<model(s)> ... was/were/has/have been updated|upgraded|improved": the update of a model. The
 * word before "model" must not be "custom" ("custom models that have been upgraded").
 */
const MODEL_WAS_UPDATED =
  /\bmodels?\b[^.;]{0,160}?\b(?:has|have|was|were|is|are)\s+(?:been\s+|now\s+)?(?:updated|upgraded|improved|enhanced)\b/i;
/**
 * "Updates to the ... models", "Updated Japanese models", "Update French Canadian ... model": a
 * base-model qualifier (kind, generation, language) must come between, so that "update the field
 * for such models" does not count.
 */
const UPDATE_OF_MODELS = new RegExp(
  `\\b(?:updates?|updated|improved|improvements?)\\b[^.;:]{0,100}?\\b(?:base|broadband|narrowband|telephony|multimedia|next-generation|previous-generation|multiple|several|following|English|${PROSE_LANGUAGES.map(([name]) => name).join('|')}|[a-z]{2}-[A-Z]{2}_\\w+)\\b[^.;:]{0,60}?\\bmodels?\\b`,
  'i',
);
const CUSTOM_MODEL_BEFORE =
  /\bcustom(?:\s+(?:language|acoustic))?(?:\s+or\s+custom\s+(?:language|acoustic))?\s+$/i;
/** Entries about documentation are not model updates even when they mention models. */
const DOCUMENTATION = /\bdocumentation\b/i;
/** Titles about installing or upgrading the product ("Upgrading to Cloud Pak for Data 4.6"), not its models. */
const PRODUCT_TITLE =
  /^(?:upgrad\w*|install\w*|migrat\w*)\b.*\b(?:Cloud\s+Pak|Software\s+Hub|version\s+\d|release|service|cluster|OpenShift)\b|\bversion\s+\d[\d.x]*\s+(?:is|are)\s+now\s+available\b/i;

export interface SectionContext {
  readonly date: string;
  readonly release: string | null;
}

/** Turns one raw entry into a release entry when it announces an update to existing base models. */
export function analyzeEntry(raw: RawEntry, section: SectionContext): ReleaseEntry | null {
  const units = textUnits(raw.lines);
  const firstUnit = units[0]?.text;
  if (raw.title === null && firstUnit === undefined) return null;
  const title = raw.title ?? derivedTitle(firstUnit ?? '');
  const bodySentences = units.flatMap((unit) => sentences(unit.text));
  const statement = readUpgradeStatement(raw.title, bodySentences);

  // Sentences that announce the update, plus the list a "...were updated:" sentence introduces.
  const context: string[] = [];
  units.forEach((unit, index) => {
    for (const sentence of sentences(unit.text)) {
      if (!isUpdateSentence(sentence)) continue;
      context.push(sentence);
      if (/:\s*$/.test(sentence)) context.push(...followingListItems(units, index));
    }
  });
  const titleIsUpdate = isUpdateSentence(title);
  if (titleIsUpdate) context.unshift(title);
  context.push(...statement.requiringSentences);

  const announcesUpdate = titleIsUpdate || context.length > statement.requiringSentences.length;
  const requiresUpgrade = statement.upgradeRequired === true || statement.upgradeRequired === 'retrain';
  if (!announcesUpdate && !requiresUpgrade) return null;

  const allText = [title, ...units.map((unit) => unit.text)].join('\n');
  const baseModels = pickBaseModels(context.join('\n'), allText);
  if (!announcesUpdate && baseModels.length === 0) return null;
  if (PRODUCT_TITLE.test(title) && writtenModelNames(context.join('\n')).length === 0) return null;

  return {
    date: section.date,
    release: section.release,
    title,
    baseModels,
    upgradeRequired: statement.upgradeRequired,
    customModelTypes: customModelTypes(statement.upgradeRequired, statement.namedTypes, baseModels),
  };
}

function isUpdateSentence(sentence: string): boolean {
  if (DOCUMENTATION.test(sentence)) return false;
  const wasUpdated = MODEL_WAS_UPDATED.exec(sentence);
  if (wasUpdated && !CUSTOM_MODEL_BEFORE.test(sentence.slice(0, wasUpdated.index))) return true;
  const updateOf = UPDATE_OF_MODELS.exec(sentence);
  return updateOf !== null && !isAboutCustom(updateOf[0]);
}

/** "Updates to custom language models that are based on ..." are about custom models, not base models. */
function isAboutCustom(matched: string): boolean {
  return (
    /\bcustom\s+(?:language\s+|acoustic\s+)?models?\b/i.test(matched) &&
    !/_\w*(?:Model|Telephony|Multimedia)\b/.test(matched)
  );
}

function followingListItems(units: ReturnType<typeof textUnits>, index: number): string[] {
  const items: string[] = [];
  for (const unit of units.slice(index + 1)) {
    if (!unit.isListItem) break;
    items.push(unit.text);
  }
  return items;
}

/** Names from the update's own sentences; else any name in the entry; else names mapped from prose. */
function pickBaseModels(context: string, allText: string): string[] {
  const written = writtenModelNames(context);
  if (written.length > 0) return written;
  const anywhere = writtenModelNames(allText);
  if (anywhere.length > 0) return anywhere;
  const prose = proseModelNames(plainText(context));
  return prose.length > 0 ? prose : proseModelNames(plainText(allText));
}

/**
 * Types to upgrade: as the entry names them; when it says only "custom models", every type the
 * base models support (acoustic customization exists only for previous-generation models).
 */
function customModelTypes(
  upgradeRequired: ReleaseEntry['upgradeRequired'],
  named: CustomModelType[],
  baseModels: readonly string[],
): CustomModelType[] {
  if (upgradeRequired === false || upgradeRequired === null) return [];
  if (upgradeRequired === 'retrain') return ['language'];
  if (named.length > 0) return named;
  return baseModels.some(isPreviousGeneration) ? ['language', 'acoustic'] : ['language'];
}
