/**
 * How characters look: the UTS #39 ideas the look-alike checks are built on. The
 * `confusables` package maps non-Latin look-alikes (Cyrillic `а`, full-width `ｃ`, `ℓ`...) to
 * the Latin letters they imitate; we add the few ASCII-only confusions it leaves alone
 * (`I`/`l`/`1`, `0`/`o`, `rn`/`m`) because those are the classic address tricks.
 */
import { remove as removeConfusables } from 'confusables';

/** Characters with no glyph of their own (format, control, fillers, variation selectors). */
// eslint-disable-next-line no-misleading-character-class -- the class lists invisible code points one by one, on purpose
const INVISIBLE_IN_ADDRESS = /[\p{Cf}\p{Cc}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0]/u;

/**
 * In a display name some format characters are legitimate (joiners in Indic and Persian
 * names, direction marks in Hebrew and Arabic ones); these are the ones that only hide
 * or reorder text.
 */
const INVISIBLE_IN_NAME = /[\u00ad\u200b\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069\u{e0000}-\u{e007f}]/u;

export interface SuspiciousCharacter {
  char: string;
  index: number;
}

function findAll(text: string, pattern: RegExp): SuspiciousCharacter[] {
  const found: SuspiciousCharacter[] = [];
  let index = 0;
  for (const char of text) {
    if (pattern.test(char)) found.push({ char, index });
    index += char.length;
  }
  return found;
}

export function invisibleInAddress(address: string): SuspiciousCharacter[] {
  return findAll(address, INVISIBLE_IN_ADDRESS);
}

export function invisibleInName(name: string): SuspiciousCharacter[] {
  return findAll(name, INVISIBLE_IN_NAME);
}

/** `U+200B`, for messages that must name a character nobody can see. */
export function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Sender-controlled text made safe to quote in a check message: invisible and
 * direction-changing characters are spelled out, so they cannot reorder the sentence.
 */
export function visible(text: string): string {
  // eslint-disable-next-line no-misleading-character-class -- the class lists invisible code points one by one, on purpose
  return text.replace(new RegExp(INVISIBLE_IN_ADDRESS.source, 'gu'), (char) => `[${codePointLabel(char)}]`);
}

const ASCII_LOOKALIKES: ReadonlyArray<[RegExp, string]> = [
  [/[I1|]/g, 'l'],
  [/0/g, 'o'],
];

/**
 * What a string looks like, reduced to plain lower-case Latin where it imitates Latin. Two
 * strings with the same skeleton are visually confusable.
 */
export function skeleton(text: string): string {
  // eslint-disable-next-line no-misleading-character-class -- the class lists invisible code points one by one, on purpose
  let reduced = text.normalize('NFC').replace(new RegExp(INVISIBLE_IN_ADDRESS.source, 'gu'), '');
  reduced = removeConfusables(reduced).normalize('NFD').replace(/\p{M}/gu, '');
  for (const [pattern, replacement] of ASCII_LOOKALIKES) reduced = reduced.replace(pattern, replacement);
  return reduced.toLowerCase().replace(/rn/g, 'm').replace(/vv/g, 'w');
}

/** Whether one character is a look-alike standing in for a different Latin one. */
export function isConfusableCharacter(char: string): boolean {
  if (/^[a-z0-9._+-]$/i.test(char) && !/[I1|0]/.test(char)) return false;
  const reduced = skeleton(char);
  return reduced !== '' && reduced !== char.toLowerCase();
}

const SCRIPTS = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Hebrew',
  'Arabic',
  'Georgian',
  'Cherokee',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Bopomofo',
  'Thai',
  'Devanagari',
  'Bengali',
  'Tamil',
  'Ethiopic',
  'Mongolian',
  'Tifinagh',
  'Coptic',
  'Runic',
  'Ogham',
  'Lisu',
  'Vai',
] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
const SCRIPT_NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;

// UTS #39 "highly restrictive": the only script mixes real Japanese, Chinese and Korean names use.
const ALLOWED_MIXES: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

/** The scripts of the letters in `text`; digits and punctuation belong to none. */
export function scriptsOf(text: string): Set<string> {
  const scripts = new Set<string>();
  for (const char of text) {
    if (SCRIPT_NEUTRAL.test(char)) continue;
    scripts.add(SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'Other');
  }
  return scripts;
}

/** True when `text` mixes scripts in a way no genuine name does (e.g. Latin with Cyrillic). */
export function hasMixedScripts(text: string): boolean {
  const scripts = scriptsOf(text);
  if (scripts.size <= 1) return false;
  return !ALLOWED_MIXES.some((allowed) => [...scripts].every((script) => allowed.has(script)));
}

/** The characters of `text` written in a script other than its main one (where to look in a mix). */
export function minorityScriptCharacters(text: string): SuspiciousCharacter[] {
  const counts = new Map<string, number>();
  const perChar: Array<{ char: string; index: number; script: string | null }> = [];
  let index = 0;
  for (const char of text) {
    const script = SCRIPT_NEUTRAL.test(char) ? null : (SCRIPT_PATTERNS.find(([, p]) => p.test(char))?.[0] ?? 'Other');
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
    perChar.push({ char, index, script });
    index += char.length;
  }
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return perChar.filter((entry) => entry.script !== null && entry.script !== majority).map(({ char, index: i }) => ({ char, index: i }));
}
