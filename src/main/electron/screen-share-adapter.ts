// Electron adapter for screen sharing (§9.3): getDisplayMedia in the window lands here; desktopCapturer
// lists screens and windows, the renderer's picker (through ScreenPicker) chooses, Electron captures it.
import { desktopCapturer, type Session } from 'electron';
import { chooseSource } from '../services/video/screen-sources.js';
import type { ScreenPicker } from '../services/video/video-service.js';

export function installScreenShare(session: Session, picker: ScreenPicker): void {
  session.setDisplayMediaRequestHandler((_request, callback) => {
    desktopCapturer
      .getSources({ types: ['screen', 'window'], thumbnailSize: { width: 320, height: 200 } })
      .then(async (sources) => {
        const chosen = await chooseSource(picker, sources.map((s) => ({ id: s.id, name: s.name, thumbnail: s.thumbnail.toDataURL() })));
        const source = sources.find((s) => s.id === chosen?.id);
        callback(source ? { video: source } : {});
      })
      .catch(() => callback({}));
  });
}
