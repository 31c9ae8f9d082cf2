/**
 * Look-alike detection: a sender made to look like the login without being it. Each trick
 * has its own check code, so the console can tell an agent what exactly was attempted, and
 * the characters involved are reported by position so they can be highlighted.
 */
import { addressParser, decodeWords } from 'postal-mime';
import {
  displayedForm,
  formatAddress,
  loginDisplayForms,
  normaliseAddress,
  sameMailbox,
  splitAddress,
  withoutPlusTag,
  type NormalisedAddress,
} from './address.js';
import {
  codePointLabel,
  hasMixedScripts,
  invisibleInAddress,
  invisibleInName,
  isConfusableCharacter,
  minorityScriptCharacters,
  skeleton,
  visible,
} from './skeleton.js';
import { checkResult, type AddressHighlight, type DisableRequestCheck, type DisableRequestWarning } from './types.js';

export interface SenderUnderReview {
  /** The From address as parsed (possibly only found after decoding encoded words). */
  address: string;
  /** The decoded display name. */
  name: string;
  /** The From field value exactly as written. */
  rawFromValue: string;
  /** `address` normalised; null when it is not a usable address. */
  normalised: NormalisedAddress | null;
}

export interface LookalikeFindings {
  checks: DisableRequestCheck[];
  warnings: DisableRequestWarning[];
  highlight: AddressHighlight[];
}

const ENCODED_WORD = /=\?[^?\s]+\?[bq]\?[^?\s]*\?=/gi;
const ADDRESS_IN_TEXT = /[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+\.[^\s<>"'(),;:[\]]+/gu;

function check(code: DisableRequestCheck['code'], passed: boolean, ok: string, failed: string): DisableRequestCheck {
  return checkResult(code, passed, passed ? ok : failed);
}

/** Case matters to the eye (`I` imitates `l`), so the address is compared both as written and folded. */
function looksLikeLogin(text: string, login: NormalisedAddress): boolean {
  const seen = [skeleton(text.trim()), skeleton(displayedForm(text))];
  return loginDisplayForms(login).some((form) => seen.includes(skeleton(form)));
}

function hiddenCharacters(sender: SenderUnderReview, highlight: AddressHighlight[]): DisableRequestCheck {
  const inAddress = invisibleInAddress(sender.address);
  const inName = invisibleInName(sender.name);
  for (const { char, index } of inAddress) {
    highlight.push({ char, index, reason: `invisible character ${codePointLabel(char)}`, kind: 'invisible' });
  }
  const labels = [...new Set([...inAddress, ...inName].map(({ char }) => codePointLabel(char)))];
  return check(
    'hidden_characters',
    labels.length === 0,
    'The sender contains no invisible or text-direction characters.',
    `The sender contains invisible or text-direction characters (${labels.join(', ')}) that change what is shown on screen.`,
  );
}

function encodedWordTrick(sender: SenderUnderReview): DisableRequestCheck {
  const encodedWords = sender.rawFromValue.match(ENCODED_WORD) ?? [];
  const decoded = encodedWords.map((word) => decodeWords(word)).join(' ');
  // Per RFC 2047 an encoded word is only ever text; an address that appears only once the
  // words are decoded was never the sender, however a naive client displays it.
  const outside = addressParser(sender.rawFromValue.replace(ENCODED_WORD, ' '), { flatten: true });
  const addressOnlyWhenDecoded = encodedWords.length > 0 && !outside.some((box) => box.address === sender.address);
  const encodedInAddress = sender.address.includes('=?');
  const decodedAddresses = (decoded.match(ADDRESS_IN_TEXT) ?? []).filter((text) => displayedForm(text) !== displayedForm(sender.address));
  const decodedHidesAddress = decodedAddresses.length > 0 || /[<>]/.test(decoded) || invisibleInName(decoded).length > 0;
  const passed = !addressOnlyWhenDecoded && !encodedInAddress && !decodedHidesAddress;
  return check(
    'encoded_word_trick',
    passed,
    'The From header hides nothing inside encoded (RFC 2047) text.',
    `The From header uses encoded (RFC 2047) text that decodes to "${visible(decoded.trim() || sender.address)}", hiding an address or invisible characters from a quick look.`,
  );
}

/**
 * Which characters of a look-alike to point at: where it has the login's length, the
 * positions that differ from the login; otherwise its confusable characters the login lacks.
 */
function confusablePositions(address: string, loginShown: string): AddressHighlight[] {
  // By code point: a confusable is one code point, and highlights index code points.
  const chars = Array.from(address);
  const loginChars = Array.from(loginShown);
  const sameLength = chars.length === loginChars.length;
  const found: AddressHighlight[] = [];
  let index = 0;
  for (const [i, char] of chars.entries()) {
    const suspicious = sameLength
      ? char.toLowerCase().normalize('NFC') !== loginChars[i]
      : isConfusableCharacter(char) && !loginChars.includes(char.toLowerCase());
    if (suspicious)
      found.push({
        char,
        index,
        reason: `looks like "${skeleton(char) || char}" but is ${codePointLabel(char)}`,
        kind: 'confusable',
        shows: skeleton(char) || char,
      });
    index += char.length;
  }
  return found;
}

function confusableCharacters(sender: SenderUnderReview, login: NormalisedAddress, highlight: AddressHighlight[]): DisableRequestCheck {
  const shown = displayedForm(sender.address);
  const isLoginAsWritten = loginDisplayForms(login).includes(shown);
  const failed = !isLoginAsWritten && looksLikeLogin(sender.address, login);
  if (failed) highlight.push(...confusablePositions(sender.address, loginDisplayForms(login)[1] ?? ''));
  return check(
    'confusable_characters',
    !failed,
    'The sender address uses no characters that imitate the login.',
    `The sender address "${visible(sender.address)}" only looks like the login "${formatAddress(login)}": it uses look-alike characters.`,
  );
}

function mixedScripts(sender: SenderUnderReview, login: NormalisedAddress, highlight: AddressHighlight[]): DisableRequestCheck {
  const parts = splitAddress(sender.address);
  const isLogin = sender.normalised !== null && sameMailbox(sender.normalised, login);
  const unicodeDomain = sender.normalised?.domainUnicode ?? parts?.domain ?? '';
  const pieces = [parts?.local ?? sender.address, ...unicodeDomain.split('.')];
  const mixed = pieces.filter((piece) => hasMixedScripts(piece));
  if (!isLogin && mixed.length > 0) {
    for (const { char, index } of minorityScriptCharacters(sender.address)) {
      if (!highlight.some((entry) => entry.index === index))
        highlight.push({ char, index, reason: `different alphabet (${codePointLabel(char)})`, kind: 'mixed_script' });
    }
  }
  return check(
    'mixed_scripts',
    isLogin || mixed.length === 0,
    'Each part of the sender address is written in a single alphabet.',
    `The sender address mixes alphabets in "${visible(mixed.join('", "'))}", a sign of letters swapped for look-alikes.`,
  );
}

function punycodeLookalike(sender: SenderUnderReview, login: NormalisedAddress, highlight: AddressHighlight[]): DisableRequestCheck {
  const domain = splitAddress(sender.address)?.domain ?? '';
  const normalised = sender.normalised;
  const failed =
    normalised !== null &&
    /(^|\.)xn--/i.test(domain) &&
    normalised.domainAscii !== login.domainAscii &&
    (skeleton(normalised.domainUnicode) === skeleton(login.domainUnicode) || hasMixedScripts(normalised.domainUnicode));
  if (failed) {
    const index = sender.address.toLowerCase().indexOf('xn--');
    highlight.push({
      char: sender.address.charAt(index),
      index,
      reason: `punycode, displayed as "${normalised.domainUnicode}"`,
      kind: 'punycode',
      shows: normalised.domainUnicode,
    });
  }
  return check(
    'punycode_lookalike',
    !failed,
    'The sender domain is not an encoded (punycode) look-alike of the login domain.',
    `The sender domain "${domain}" is punycode that a mail client shows as "${normalised?.domainUnicode ?? domain}", made to look like "${login.domainUnicode}".`,
  );
}

function displayNameAddress(sender: SenderUnderReview, login: NormalisedAddress, warnings: DisableRequestWarning[]): DisableRequestCheck {
  const named = (sender.name.match(ADDRESS_IN_TEXT) ?? []).map((text) => ({ text, normalised: normaliseAddress(text) }));
  const other = named.filter(({ normalised }) => !(normalised && sender.normalised && sameMailbox(normalised, sender.normalised)));
  // Showing the login (or something like it) over another address is impersonation; showing
  // an unrelated address is odd but deceives nobody about who the account holder is.
  const impersonating = other.filter(
    ({ text, normalised }) => (normalised && sameMailbox(normalised, login)) || looksLikeLogin(text, login),
  );
  const unrelated = other.filter((entry) => !impersonating.includes(entry));
  if (unrelated.length > 0) {
    warnings.push({
      code: 'display_name_other_address',
      message: `The sender's display name shows another address (${visible(unrelated.map((entry) => entry.text).join(', '))}); the real sender is ${visible(sender.address)}.`,
    });
  }
  return check(
    'display_name_address',
    impersonating.length === 0,
    'The display name does not show the login over a different address.',
    `The display name shows "${visible(impersonating[0]?.text ?? '')}" but the message really comes from "${visible(sender.address)}".`,
  );
}

function plusAddressVariant(sender: SenderUnderReview, login: NormalisedAddress, highlight: AddressHighlight[]): DisableRequestCheck {
  const from = sender.normalised;
  const failed =
    from !== null &&
    !sameMailbox(from, login) &&
    from.domainAscii === login.domainAscii &&
    from.local !== login.local &&
    withoutPlusTag(from.local) === withoutPlusTag(login.local);
  if (failed) {
    const plus = sender.address.indexOf('+');
    if (plus > 0)
      highlight.push({ char: '+', index: plus, reason: 'sub-address tag: a different mailbox from the login', kind: 'plus_address' });
  }
  return check(
    'plus_address_variant',
    !failed,
    'The sender is not a plus-address variant of the login.',
    `The sender "${visible(sender.address)}" is a plus-address variant of the login "${formatAddress(login)}"; the policy needs the login address itself.`,
  );
}

/** Runs every look-alike check against the login. A failed check makes the verdict `lookalike`. */
export function reviewLookalikes(sender: SenderUnderReview, login: NormalisedAddress): LookalikeFindings {
  const highlight: AddressHighlight[] = [];
  const warnings: DisableRequestWarning[] = [];
  const checks = [
    hiddenCharacters(sender, highlight),
    encodedWordTrick(sender),
    confusableCharacters(sender, login, highlight),
    mixedScripts(sender, login, highlight),
    punycodeLookalike(sender, login, highlight),
    displayNameAddress(sender, login, warnings),
    plusAddressVariant(sender, login, highlight),
  ];
  highlight.sort((a, b) => a.index - b.index);
  return { checks, warnings, highlight };
}
