/** Where a command writes; the bin passes process streams, tests collect text. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}
