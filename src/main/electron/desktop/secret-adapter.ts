// Secrets adapter: Electron safeStorage (Keychain / DPAPI / libsecret, kwallet) behind the SecretStore port,
// with encrypted blobs in userData/secrets. Linux's 'basic_text' fallback counts as unavailable.
import { safeStorage } from 'electron';
import path from 'node:path';
import { fileBlobStore, SecretVault, secureStorageAvailable, type SecretStore } from '../../services/desktop/secrets.js';

export const electronSecretStore: SecretStore = {
  available: () => secureStorageAvailable(process.platform, () => safeStorage.isEncryptionAvailable(), () => safeStorage.getSelectedStorageBackend()),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (encrypted) => safeStorage.decryptString(encrypted),
};

export const electronSecretVault = (userDataDir: string, onWarning: (message: string) => void): SecretVault =>
  new SecretVault(electronSecretStore, fileBlobStore(path.join(userDataDir, 'secrets')), onWarning);
