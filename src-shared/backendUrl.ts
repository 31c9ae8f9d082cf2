/**
 * The rule for a remote backend's address, one place for both sides: the settings form checks it as
 * the agent types, and the main process enforces it before it connects (a hand-edited settings file
 * included). Over plain http:// an agent's password and codes, and users' details, would cross the
 * network readable by anyone on the way, so http:// is allowed only for this computer.
 */

export type BackendUrlCheck = { ok: true; url: string } | { ok: false; code: 'invalid_backend_url' | 'insecure_backend'; message: string };

/** Loopback as the URL parser normalises hosts: `localhost`, 127.0.0.0/8 (also written as 127.1), `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

const invalid = (message: string): BackendUrlCheck => ({ ok: false, code: 'invalid_backend_url', message });

export function checkBackendUrl(text: string): BackendUrlCheck {
  const trimmed = text.trim();
  if (!trimmed) return invalid('Type the backend address, for example https://mfa.example.com.');
  if (!/^https?:\/\//i.test(trimmed)) return invalid('The address must start with https:// (or http:// for this computer).');
  if (trimmed.length > 2048) return invalid('The address is too long.');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return invalid('This is not a web address. Example: https://mfa.example.com');
  }
  if (!url.hostname) return invalid('The address needs a host name, such as mfa.example.com.');
  if (url.username || url.password) return invalid('Leave the user name and password out of the address; you sign in after connecting.');
  if (url.search || url.hash) return invalid('Leave out anything after ? or # in the address.');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      code: 'insecure_backend',
      message:
        `The address must start with https://. Over plain http:// your password, your codes and users' details would travel ` +
        `unencrypted to ${url.host}. Plain http:// is only for a backend on this computer (localhost, 127.0.0.1 or [::1]).`,
    };
  }
  return { ok: true, url: trimmed.replace(/\/+$/, '') };
}
