import { describe, expect, it } from 'vitest';
import { nameSearchForms } from '../../../../../src-server/domain/accounts/loginAddress.js';

describe('the search forms of a name', () => {
  it('are its lower-case words, and the same with the last word first', () => {
    expect(nameSearchForms('  Anna  Maria Schmidt ')).toEqual({ nameNorm: 'anna maria schmidt', surnameNorm: 'schmidt anna maria' });
    expect(nameSearchForms('Cher')).toEqual({ nameNorm: 'cher', surnameNorm: 'cher' });
  });

  it('hold no control character, which the search table uses as its start mark: one counts as a blank', () => {
    expect(nameSearchForms('Eve\u0002Anna\tMallory\u0000')).toEqual({ nameNorm: 'eve anna mallory', surnameNorm: 'mallory eve anna' });
  });
});
