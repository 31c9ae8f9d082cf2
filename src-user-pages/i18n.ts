/**
 * The account pages in the user's language (issue 13 §8). Before sign-in the server has chosen from the
 * browser's Accept-Language and written it into <html lang>; once signed in, the account's own language
 * rules. Texts are marked in the markup: data-i18n="key" fills an element (its data-slot children — a
 * field, a link — are placed where the message names them), data-i18n-attrs="aria-label=key;alt=key"
 * fills attributes. Everything is set as text, never as HTML.
 */
import { MESSAGES, type MessageKey, type PageLanguage } from './messages';

const isLanguage = (tag: string | null | undefined): tag is PageLanguage => !!tag && Object.hasOwn(MESSAGES, tag);

let language: PageLanguage = isLanguage(document.documentElement.lang) ? document.documentElement.lang : 'en';

/** The language the pages speak now. */
export const pageLanguage = (): PageLanguage => language;

/** A message with its {names} filled in. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return MESSAGES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Each marked element's slots, taken from the markup the first time it is filled. */
const slotsOf = new WeakMap<Element, Map<string, Element>>();

/** Fills `element` with `message`: text, **bold** runs and {slot} elements, as DOM nodes. */
function fill(element: Element, message: string) {
  let slots = slotsOf.get(element);
  if (!slots) {
    slots = new Map([...element.querySelectorAll(':scope > [data-slot]')].map((slot) => [slot.getAttribute('data-slot') ?? '', slot]));
    slotsOf.set(element, slots);
  }
  const nodes: Node[] = [];
  for (const part of message.split(/(\*\*[^*]+\*\*|\{\w+\})/)) {
    if (!part) continue;
    const slot = /^\{(\w+)\}$/.exec(part);
    const slotted = slot?.[1] === undefined ? undefined : slots.get(slot[1]);
    if (slotted) nodes.push(slotted);
    else if (part.startsWith('**') && part.endsWith('**') && part.length > 4) {
      const bold = document.createElement('strong');
      bold.textContent = part.slice(2, -2);
      nodes.push(bold);
    } else nodes.push(document.createTextNode(part));
  }
  element.replaceChildren(...nodes);
}

function known(key: string | null | undefined): key is MessageKey {
  return !!key && Object.hasOwn(MESSAGES.en, key);
}

/** Writes every marked text under `root` in the current language. */
export function translate(root: ParentNode = document): void {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    const key = element.getAttribute('data-i18n');
    if (known(key)) fill(element, MESSAGES[language][key]);
  }
  for (const element of root.querySelectorAll('[data-i18n-attrs]')) {
    for (const pair of (element.getAttribute('data-i18n-attrs') ?? '').split(';')) {
      const [attribute, key] = pair.split('=').map((part) => part.trim());
      if (attribute && known(key)) element.setAttribute(attribute, t(key));
    }
  }
}

/** Switches the pages to `next` (an account's language); anything else keeps the current one. */
export function setLanguage(next: string): void {
  if (!isLanguage(next)) return;
  language = next;
  document.documentElement.lang = next;
  translate();
}

/** A date and time the way the page's language writes them. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });
}
