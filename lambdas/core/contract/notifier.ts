/** A message for the operators' notification topic. */
export interface Notice {
  readonly subject: string;
  readonly message: string;
}

/** Where notices go: the SNS topic in AWS, the console in local mode. */
export interface Notifier {
  notify(notice: Notice): Promise<void>;
}
