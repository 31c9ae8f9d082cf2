import { describe, expect, it } from 'vitest';
import { loginSkeleton, senderSkeletons } from '../../../../../src-server/domain/accounts/loginSkeleton.js';

describe('the look-alike skeleton of a login', () => {
  it('is the same for a login and the classic ASCII tricks on it (rn/m, 0/o, 1/l)', () => {
    const login = loginSkeleton('mia.morrison@corp.example');
    expect(senderSkeletons('rnia.morrison@corp.example')).toContain(login);
    expect(senderSkeletons('mia.m0rrison@corp.example')).toContain(login);
    expect(senderSkeletons('bi1l@corp.example')).toContain(loginSkeleton('bill@corp.example'));
  });

  it('is the same for Cyrillic and full-width look-alikes', () => {
    const login = loginSkeleton('anna@corp.example');
    expect(senderSkeletons('\u0430nna@corp.example')).toContain(login); // Cyrillic а
    expect(senderSkeletons('ann\uff41@corp.example')).toContain(login); // full-width ａ
  });

  it('matches a punycode domain by the Unicode form a mail client shows', () => {
    const login = loginSkeleton('anna@c\u043erp.example'); // Cyrillic о in the domain
    expect(senderSkeletons('anna@xn--crp-sed.example')).toContain(login);
  });

  it('matches a sender with a plus tag against the login without it', () => {
    expect(senderSkeletons('anna+support@corp.example')).toContain(loginSkeleton('anna@corp.example'));
  });

  it('ignores invisible characters in the sender', () => {
    expect(senderSkeletons('an\u200bna@corp.example')).toContain(loginSkeleton('anna@corp.example'));
  });

  it('differs for logins that do not look alike', () => {
    expect(loginSkeleton('anna@corp.example')).not.toBe(loginSkeleton('hanna@corp.example'));
    expect(senderSkeletons('anna@corp.example.evil')).not.toContain(loginSkeleton('anna@corp.example'));
  });
});
