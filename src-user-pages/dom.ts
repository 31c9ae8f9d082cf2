/**
 * Finding the pages' own elements by selector, typed. The markup is ours, so a missing or different
 * element is a bug in the page: it fails loudly here instead of as a null somewhere later.
 */

type ElementClass<T extends Element> = { new (): T; prototype: T };

/** The element `selector` finds under `root`, which must be a `kind`. */
export function element<T extends Element>(selector: string, kind: ElementClass<T>, root: ParentNode = document): T {
  const found = root.querySelector(selector);
  if (found instanceof kind) return found;
  throw new Error(`This page has no ${kind.name} at ${selector}.`);
}

/** The HTML element at `selector` under `root`. */
export const $ = (selector: string, root: ParentNode = document): HTMLElement => element(selector, HTMLElement, root);

/** Every HTML element `selector` finds under `root`. */
export const all = (selector: string, root: ParentNode = document): HTMLElement[] =>
  [...root.querySelectorAll(selector)].filter((found) => found instanceof HTMLElement);

/** The element marked data-field="name" under `root`. */
export const field = (name: string, root: ParentNode = document): HTMLElement => $(`[data-field="${name}"]`, root);

/** The text field at `selector` under `root`. */
export const textInput = (selector: string, root: ParentNode = document): HTMLInputElement => element(selector, HTMLInputElement, root);

/** The submit button of `form`. */
export const submitButton = (form: ParentNode): HTMLButtonElement => element('[type="submit"]', HTMLButtonElement, form);
