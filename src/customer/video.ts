// Video on the customer page (spec §13.4): the agent's video, a self view, camera on/off and screen
// sharing. Both switch the video sender's track (replaceTrack), so the call is never renegotiated.

export interface VideoStats {
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
  framesSent: number;
  codecs: string[];
}

/** The camera after `currentId` in the device list (wrapping), or null when there is no other camera. */
export function nextCamera(devices: ReadonlyArray<{ kind: string; deviceId: string }>, currentId: string | undefined): string | null {
  const cams = devices.filter((d) => d.kind === 'videoinput' && d.deviceId);
  if (cams.length < 2) return null;
  const i = cams.findIndex((d) => d.deviceId === currentId);
  return cams[(i + 1) % cams.length]?.deviceId ?? null;
}

const videoSender = (pc: RTCPeerConnection) =>
  pc.getTransceivers().find((t) => t.receiver.track?.kind === 'video' && t.direction !== 'stopped')?.sender;

export class CustomerVideo {
  private pc: RTCPeerConnection | undefined;
  private camera: MediaStreamTrack | undefined;
  private screen: MediaStreamTrack | undefined;
  private cameraOn = true;

  constructor(
    private readonly area: HTMLElement,
    private readonly remoteVideo: HTMLVideoElement,
    private readonly selfVideo: HTMLVideoElement,
    private readonly cameraButton: HTMLButtonElement,
    private readonly shareButton: HTMLButtonElement,
    private readonly switchButton: HTMLButtonElement,
  ) {
    cameraButton.addEventListener('click', () => void this.toggleCamera());
    shareButton.addEventListener('click', () => void this.toggleShare());
    switchButton.addEventListener('click', () => void this.switchCamera());
  }

  /** A connected video call: show both videos and the video buttons. */
  attach(pc: RTCPeerConnection, remote: MediaStream, local: MediaStream): void {
    this.pc = pc;
    this.camera = local.getVideoTracks()[0];
    this.cameraOn = true;
    this.remoteVideo.srcObject = remote;
    this.remoteVideo.play().catch(() => undefined);
    this.showSelf();
    this.area.hidden = false;
    this.cameraButton.hidden = false;
    this.shareButton.hidden = !navigator.mediaDevices?.getDisplayMedia;
    this.switchButton.hidden = true;
    // Front/back camera (§13.4): only where the device has several.
    void navigator.mediaDevices?.enumerateDevices().then((list) => {
      if (this.pc === pc) this.switchButton.hidden = nextCamera(list, this.camera?.getSettings().deviceId) === null;
    }).catch(() => undefined);
    this.render();
  }

  /** The label of the camera being used (tests). */
  cameraLabel(): string | null {
    return this.camera?.label ?? null;
  }

  async switchCamera(): Promise<void> {
    const old = this.camera;
    const next = nextCamera(await navigator.mediaDevices.enumerateDevices(), old?.getSettings().deviceId);
    if (!next || !this.pc) return;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { deviceId: { exact: next } } });
      const track = stream.getVideoTracks()[0];
      if (!track) return;
      this.camera = track;
      await this.apply();
      old?.stop();
    } catch {
      // The other camera could not be opened: keep the current one.
    }
  }

  detach(): void {
    this.screen?.stop();
    this.pc = undefined;
    this.camera = undefined;
    this.screen = undefined;
    this.remoteVideo.srcObject = null;
    this.selfVideo.srcObject = null;
    this.area.hidden = true;
    this.cameraButton.hidden = true;
    this.shareButton.hidden = true;
    this.switchButton.hidden = true;
  }

  private sent(): MediaStreamTrack | null {
    return this.screen ?? (this.cameraOn ? this.camera ?? null : null);
  }

  private async apply(): Promise<void> {
    const sender = this.pc && videoSender(this.pc);
    if (this.camera) this.camera.enabled = this.cameraOn;
    await sender?.replaceTrack(this.sent());
    this.showSelf();
    this.render();
  }

  private showSelf(): void {
    const track = this.sent();
    this.selfVideo.srcObject = track ? new MediaStream([track]) : null;
    this.selfVideo.hidden = !track;
  }

  private render(): void {
    this.cameraButton.textContent = this.cameraOn ? 'Turn camera off' : 'Turn camera on';
    this.cameraButton.setAttribute('aria-pressed', String(!this.cameraOn));
    this.shareButton.textContent = this.screen ? 'Stop sharing' : 'Share screen';
    this.shareButton.setAttribute('aria-pressed', String(Boolean(this.screen)));
  }

  async toggleCamera(): Promise<void> {
    this.cameraOn = !this.cameraOn;
    await this.apply();
  }

  async toggleShare(): Promise<void> {
    if (this.screen) {
      this.screen.stop();
      this.screen = undefined;
      await this.apply();
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const track = stream.getVideoTracks()[0];
      if (!track || !this.pc) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      // The browser's own "Stop sharing" ends the track: back to the camera.
      track.addEventListener('ended', () => {
        if (this.screen !== track) return;
        this.screen = undefined;
        void this.apply();
      });
      this.screen = track;
      await this.apply();
    } catch {
      // Cancelled in the browser's picker: nothing changes.
    }
  }
}

/** Video counters of a getStats report (end-to-end tests). */
export function readVideoStats(report: RTCStatsReport): VideoStats {
  const out: VideoStats = { framesDecoded: 0, frameWidth: 0, frameHeight: 0, framesSent: 0, codecs: [] };
  const codecIds = new Set<string>();
  report.forEach((r: Record<string, unknown>) => {
    if (r.kind !== 'video') return;
    if (r.type === 'inbound-rtp') {
      out.framesDecoded += Number(r.framesDecoded ?? 0);
      out.frameWidth = Math.max(out.frameWidth, Number(r.frameWidth ?? 0));
      out.frameHeight = Math.max(out.frameHeight, Number(r.frameHeight ?? 0));
      if (typeof r.codecId === 'string') codecIds.add(r.codecId);
    } else if (r.type === 'outbound-rtp') {
      out.framesSent += Number(r.framesSent ?? 0);
    }
  });
  report.forEach((r: Record<string, unknown>) => {
    if (r.type === 'codec' && codecIds.has(String(r.id)) && typeof r.mimeType === 'string') out.codecs.push(r.mimeType);
  });
  return out;
}
