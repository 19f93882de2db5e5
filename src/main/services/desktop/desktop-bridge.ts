// Bridge handlers of desktopContract (settings page, click-to-dial from the page). The desktop integration is
// built after the softphone service in both hosts (it needs the service's dispatcher), so the handlers talk to
// a late-bound target; until one is bound they answer a clear error instead of guessing.
import { BridgeError, type MethodName } from '../../../shared/contract.js';
import type { BridgeHandlers } from '../../../shared/bridge.js';
import type { DesktopPreferencesPatch, DesktopView } from '../../../shared/desktop-contract.js';

/** What the handlers need: DesktopIntegration satisfies it. */
export interface DesktopBridgeTarget {
  view(): DesktopView;
  updatePreferences(patch: DesktopPreferencesPatch): DesktopView;
  openDialLink(url: string): boolean;
}

type DesktopMethod = Extract<MethodName, 'getDesktopSettings' | 'updateDesktopSettings' | 'openDialLink'>;
export type DesktopHandlers = Pick<BridgeHandlers, DesktopMethod>;

export class DesktopBridge {
  private target: DesktopBridgeTarget | null = null;

  bind(target: DesktopBridgeTarget): void {
    this.target = target;
  }

  unbind(): void {
    this.target = null;
  }

  private require(): DesktopBridgeTarget {
    if (!this.target) throw new BridgeError('desktop_unavailable', 'Desktop settings are not available yet.');
    return this.target;
  }

  readonly handlers: DesktopHandlers = {
    getDesktopSettings: () => this.require().view(),
    updateDesktopSettings: (patch) => this.require().updatePreferences(patch),
    openDialLink: ({ url }) => ({ accepted: this.require().openDialLink(url) }),
  };
}

/** For the service's handler map: a host without desktop integration answers `desktop_unavailable`. */
export const desktopHandlers = (bridge: DesktopBridge | undefined): DesktopHandlers => (bridge ?? new DesktopBridge()).handlers;
