/**
 * Electron's safeStorage as the mailbox passwords' sealer: encrypted with a key the system's keychain
 * keeps (macOS Keychain, Windows DPAPI, the Secret Service or KWallet on Linux). Where safeStorage has
 * only its fixed built-in key (Linux without a keyring: `basic_text`) it protects nothing, so the
 * passwords are kept in a file only this user may read instead, and Settings says so.
 */
import { safeStorage } from 'electron';
import { fileSealer, type SecretSealer } from '../services/mailboxSetup.js';

export function keychainSealer(): SecretSealer {
  const linuxWithoutKeyring = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || linuxWithoutKeyring) return fileSealer;
  return {
    storage: 'keychain',
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
