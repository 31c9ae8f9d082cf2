/** End users for tests, created and enrolled through the real API, the QR code read like a phone would. */
import type { AxiosInstance } from 'axios';
import type { TestBackend } from './backend.js';
import { readQrDataUrl, secretFromOtpauth } from './qr.js';

export const USER_PASSWORD = 'a long user password';

export interface TestUser {
  id: string;
  login: string;
  secret: string | null;
}

export async function createUser(
  backend: TestBackend,
  admin: AxiosInstance,
  login: string,
  options: { mfa?: boolean; locale?: 'en' | 'de' } = {},
): Promise<TestUser> {
  const created = await admin.post('/admin/v1/accounts', {
    login,
    displayName: login.split('@')[0]!.replace(/\./g, ' '),
    department: 'QA',
    password: USER_PASSWORD,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  if (created.status !== 201) throw new Error(`creating ${login} failed: ${JSON.stringify(created.data)}`);
  if (options.mfa === false) return { id: created.data.id, login, secret: null };
  const headers = await signInWithPassword(backend, login);
  const started = await backend.http.post('/v1/me/mfa/enrollment', {}, { headers });
  const secret = secretFromOtpauth(readQrDataUrl(started.data.qrCodeDataUrl));
  const confirmed = await backend.http.post('/v1/me/mfa/enrollment/confirm', { code: backend.codeFor(secret) }, { headers });
  if (confirmed.status !== 200) throw new Error(`enrolling ${login} failed: ${JSON.stringify(confirmed.data)}`);
  return { id: created.data.id, login, secret };
}

/** Signs in with the password alone (MFA off); returns the Authorization header. */
export async function signInWithPassword(backend: TestBackend, login: string) {
  const res = await backend.http.post('/v1/auth/login', { email: login, password: USER_PASSWORD });
  if (res.data.status !== 'signed_in') throw new Error(`expected a password-only sign-in for ${login}: ${JSON.stringify(res.data)}`);
  return { authorization: `Bearer ${res.data.token}` };
}
