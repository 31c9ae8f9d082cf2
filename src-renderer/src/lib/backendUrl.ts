/** The shape check the settings form runs before asking main to switch backend (main checks again). */

export type BackendUrlCheck = { ok: true; url: string; warning: string | null } | { ok: false; message: string };

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

export function checkBackendUrl(text: string): BackendUrlCheck {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: 'Type the backend address, for example https://mfa.example.com.' };
  if (!/^https?:\/\//i.test(trimmed)) return { ok: false, message: 'The address must start with https:// (or http:// for this computer).' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: 'This is not a web address. Example: https://mfa.example.com' };
  }
  if (!url.hostname) return { ok: false, message: 'The address needs a host name, such as mfa.example.com.' };
  if (url.username || url.password)
    return { ok: false, message: 'Leave the user name and password out of the address; you sign in after connecting.' };
  if (url.search || url.hash) return { ok: false, message: 'Leave out anything after ? or # in the address.' };
  if (trimmed.length > 2048) return { ok: false, message: 'The address is too long.' };
  const warning =
    url.protocol === 'http:' && !LOOPBACK.test(url.hostname)
      ? 'Plain http sends sign-ins unencrypted. Use https unless the backend runs on this computer.'
      : null;
  return { ok: true, url: trimmed.replace(/\/+$/, ''), warning };
}
