import { parseHTML } from 'linkedom';

/** A document of linkedom's: the DOM Observable Plot draws into, serialised without a browser. */
export type ReportDocument = ReturnType<typeof parseHTML>['document'];
export type ReportElement = ReturnType<ReportDocument['createElement']>;

export function newDocument(): ReportDocument {
  return parseHTML('<!doctype html><html lang="en"><head></head><body></body></html>').document;
}

type Child = ReportElement | string | null | undefined | false;

/**
 * An element with attributes and children; text goes in as text nodes, so nothing a model name or
 * a transcript holds can become markup.
 */
export function element(
  document: ReportDocument,
  tag: string,
  attributes: Record<string, string> = {},
  ...children: readonly Child[]
): ReportElement {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    made.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return made;
}
