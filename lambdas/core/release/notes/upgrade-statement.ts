import type { CustomModelType, UpgradeRequirement } from './release-entry.js';

/** Wordings that say custom models need nothing ("The upgrade does not affect existing custom models"). */
const NO_UPGRADE: readonly RegExp[] = [
  /\b(?:do|does|did)\s*(?:not|n['’]t)\s+need\s+to\s+(?:be\s+)?(?:upgrad|retrain)\w*/gi,
  /\b(?:need\s+not|no\s+need\s+to)\s+(?:be\s+)?(?:upgrad|retrain)\w*/gi,
  /\bno\s+(?:[\w`-]+\s+){0,4}?upgrades?\b[^.]{0,80}?\b(?:required|needed|necessary)\b/gi,
  /\bupgrades?\s+(?:is|are|was|were)\s+not\s+(?:required|needed|necessary)\b/gi,
  /\bnot\s+(?:required|necessary)\s+to\s+upgrade\b/gi,
  /\b(?:does|do|did|will)\s*(?:not|n['’]t)\s+(?:require\s+(?:an?\s+|any\s+|you\s+to\s+)?upgrad\w*|affect\s+(?:any\s+|your\s+)?(?:existing\s+)?custom\s+models?)/gi,
];

/** Wordings that require `upgrade_model`; checked only in sentences about custom models. */
const MUST_UPGRADE =
  /\b(?:must\s+(?:first\s+)?upgrade|need\s+to\s+upgrade|must\s+be\s+upgraded|(?:is|are)\s+required\s+to\s+upgrade|upgrade\s+(?:is\s+)?required|should\s+upgrade|requires?\s+(?:an?\s+|that\s+you\s+)?upgrad\w*)\b/i;
/** Improved next-generation models are upgraded by training again, not by `upgrade_model`. */
const RETRAIN = /\bretrain(?:ing|ed)?\b/i;
const CUSTOM = /\bcustom\b|upgrade_model/i;

const LANGUAGE_METHOD = /\/v1\/customizations\/[^\s`]*upgrade_model/;
const ACOUSTIC_METHOD = /\/v1\/acoustic_customizations\/[^\s`]*upgrade_model/;

export interface UpgradeStatement {
  readonly upgradeRequired: UpgradeRequirement;
  /** The sentences that require the upgrade (they name the affected models). */
  readonly requiringSentences: string[];
  /** Types named by those sentences or by the listed `upgrade_model` methods. */
  readonly namedTypes: CustomModelType[];
}

/**
 * What an entry says about upgrading custom models. A requirement wins over a "no need"
 * elsewhere in the entry (an unneeded upgrade is cheap, a missed one is not); "no need"
 * phrases are removed first so that "do not need to upgrade" never reads as "need to upgrade".
 */
export function readUpgradeStatement(title: string | null, sentences: readonly string[]): UpgradeStatement {
  let sawNoUpgrade = false;
  const requiring: string[] = [];
  let retrain = false;
  const all = title === null ? sentences : [title, ...sentences];
  for (const sentence of all) {
    let rest = sentence;
    for (const pattern of NO_UPGRADE) {
      rest = rest.replace(pattern, () => {
        sawNoUpgrade = true;
        return ' ';
      });
    }
    const aboutCustomModels = CUSTOM.test(rest) || sentence === title;
    if (!aboutCustomModels) continue;
    if (RETRAIN.test(rest) && /\b(?:upgrad\w*|must|need)\b/i.test(rest)) {
      retrain = true;
      requiring.push(sentence);
    } else if (MUST_UPGRADE.test(rest)) {
      requiring.push(sentence);
    }
  }
  const upgradeRequired: UpgradeRequirement = retrain
    ? 'retrain'
    : requiring.length > 0
      ? true
      : sawNoUpgrade
        ? false
        : null;
  return { upgradeRequired, requiringSentences: requiring, namedTypes: namedTypes(requiring, sentences) };
}

function namedTypes(requiring: readonly string[], sentences: readonly string[]): CustomModelType[] {
  const said = requiring.join(' ');
  const methods = sentences.join(' ');
  const language = /\bcustom\s+language\b/i.test(said) || LANGUAGE_METHOD.test(methods);
  const acoustic =
    /\b(?:custom\s+)?acoustic\s+(?:custom\s+)?models?\b/i.test(said) || ACOUSTIC_METHOD.test(methods);
  return [...(language ? ['language' as const] : []), ...(acoustic ? ['acoustic' as const] : [])];
}
