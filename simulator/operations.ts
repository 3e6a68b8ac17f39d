/** Names of the IBM API operations the simulator answers; request logs and fault matches use them. */
export const operations = [
  'list_language_models',
  'get_language_model',
  'create_language_model',
  'delete_language_model',
  'add_words',
  'list_words',
  'add_corpus',
  'train_language_model',
  'upgrade_language_model',
  'list_acoustic_models',
  'get_acoustic_model',
  'create_acoustic_model',
  'delete_acoustic_model',
  'add_audio',
  'list_audio',
  'train_acoustic_model',
  'upgrade_acoustic_model',
  'list_models',
  'get_model',
  'iam_token',
  'cp4d_authorize',
  'unknown',
] as const;

export type Operation = (typeof operations)[number];
