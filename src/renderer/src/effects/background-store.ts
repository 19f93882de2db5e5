// Keeps the agent's custom background on this computer (IndexedDB in the renderer), so it survives
// restarts and applies to every later call and to the preview. Only validated images are stored.
import { loadBackgroundImage } from './background-image.js';

const DB_NAME = 'video-effects';
const STORE = 'backgrounds';

function open(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(`Could not open the local background store: ${req.error?.message ?? 'unknown error'}`));
  });
}

async function tx<T>(factory: IDBFactory, mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open(factory);
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = run(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new Error(`Background store failed: ${req.error?.message ?? 'unknown error'}`));
    });
  } finally {
    db.close();
  }
}

export interface BackgroundStore {
  /** Validates and stores the upload; returns its id (for the settings) or the reason it was refused. */
  save(file: Blob): Promise<{ ok: true; id: string } | { ok: false; reason: string }>;
  /** The stored image decoded for the pipeline, or null if missing or no longer valid. */
  load(id: string): Promise<ImageBitmap | null>;
  remove(id: string): Promise<void>;
}

export function createBackgroundStore(factory: IDBFactory = indexedDB): BackgroundStore {
  return {
    async save(file) {
      const checked = await loadBackgroundImage(file);
      if (!checked.ok) return checked;
      checked.image.close();
      const id = `bg-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      // Stored as a Blob with its type, exactly as uploaded (no re-encoding loss).
      await tx(factory, 'readwrite', (s) => s.put(new Blob([file], { type: file.type }), id));
      return { ok: true, id };
    },
    async load(id) {
      const blob = await tx<unknown>(factory, 'readonly', (s) => s.get(id));
      if (!(blob instanceof Blob)) return null;
      const checked = await loadBackgroundImage(blob);
      return checked.ok ? checked.image : null;
    },
    async remove(id) {
      await tx(factory, 'readwrite', (s) => s.delete(id));
    },
  };
}
