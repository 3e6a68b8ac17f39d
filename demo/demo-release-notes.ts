/** Where the demo's notes are said to come from: a stable source, so history knows them across runs. */
export const demoReleaseNotesUrl = 'https://release-notes.demo.invalid/speech-to-text/release-notes.md';

/**
 * Release notes in the style of IBM's published Markdown, announcing the update the demo releases
 * on the simulator. Dated the day of the run, as a fresh announcement would be.
 */
export function demoReleaseNotes(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const heading = new Date(Date.UTC(year ?? 2026, (month ?? 1) - 1, day ?? 1)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `# Release notes for IBM Watson Speech to Text for IBM Cloud
{: #release-notes}

## ${heading}
{: #speech-to-text-${date}}

Defect fix: Update US English models (upgrade required)
:   The \`en-US_BroadbandModel\` and \`en-US_Telephony\` models have been updated for improved speech recognition.
:   *You need to upgrade any custom models that are based on the \`en-US_BroadbandModel\` or \`en-US_Telephony\` model.* Use the
    \`POST /v1/customizations/{customization_id}/upgrade_model\` and
    \`POST /v1/acoustic_customizations/{customization_id}/upgrade_model\` methods.

New parameter for speech recognition
:   The service now accepts a new parameter for recognition requests. No upgrade of custom models is needed.
`;
}
