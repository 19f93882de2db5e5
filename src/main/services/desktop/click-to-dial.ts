// Click-to-dial: a tel:/sip:/callto: link (open-url on macOS, a second instance's argv elsewhere, or the first
// launch's argv) opens the outbound dialog prefilled. It never dials by itself: the agent confirms in the UI.
import type { AppState } from '../../../shared/contract.js';
import type { Locale } from '../../../shared/desktop-contract.js';
import { callInProgress } from './app-state.js';
import { stringsFor } from './desktop-strings.js';
import { dialLinkFromArgv, parseDialLink, type DialLink } from './protocol-links.js';

export interface ClickToDialDeps {
  /** Asks the renderer to open the outbound dialog with this target (event `dialRequest`). */
  prefill: (target: string) => void;
  notice: (message: string) => void;
  bringForward: () => void;
  locale: () => Locale;
}

export class ClickToDial {
  private state: AppState | null = null;
  /** A link that arrived before sign-in; delivered once a session exists. */
  private pending: string | null = null;

  constructor(private readonly deps: ClickToDialDeps) {}

  /** macOS `open-url`, or any single URL. Returns whether the link was valid (it may still wait for sign-in). */
  openUrl(url: unknown): boolean {
    this.deps.bringForward();
    return this.handle(parseDialLink(url));
  }

  /** Windows/Linux: the second instance's command line (or this instance's own at start-up). */
  openArgv(argv: readonly unknown[], options: { bringForward: boolean } = { bringForward: true }): void {
    if (options.bringForward) this.deps.bringForward();
    const link = dialLinkFromArgv(argv);
    if (link) this.handle(link);
  }

  update(state: AppState): void {
    this.state = state;
    if (this.pending && state.session) {
      const target = this.pending;
      this.pending = null;
      this.deliver(target);
    }
  }

  private handle(link: DialLink): boolean {
    const t = stringsFor(this.deps.locale());
    if (!link.ok) {
      this.deps.notice(t.linkRejected(t.linkProblem[link.problem]));
      return false;
    }
    if (!this.state?.session) {
      this.pending = link.target;
      return true;
    }
    this.deliver(link.target);
    return true;
  }

  private deliver(target: string): void {
    if (this.state && callInProgress(this.state)) {
      this.deps.notice(stringsFor(this.deps.locale()).dialBusy);
      return;
    }
    this.deps.prefill(target);
  }
}

export type InboxItem =
  | { kind: 'url'; url: unknown }
  | { kind: 'argv'; argv: readonly unknown[] }
  /** This process's own command line: it carries a link only when a link started the app. */
  | { kind: 'launch'; argv: readonly unknown[] };

/**
 * Links can arrive before the app is ready (macOS sends open-url right at launch): keep them until the
 * ClickToDial exists, then hand them over in order and forward later ones directly.
 */
export class LinkInbox {
  private queue: InboxItem[] = [];
  private target: ClickToDial | null = null;
  /** Bounded so a flood of links before start-up cannot grow memory without limit. */
  static readonly MAX_QUEUED = 10;

  push(item: InboxItem): void {
    if (this.target) {
      this.deliver(this.target, item);
      return;
    }
    this.queue.push(item);
    if (this.queue.length > LinkInbox.MAX_QUEUED) this.queue.shift();
  }

  attach(target: ClickToDial): void {
    this.target = target;
    const pending = this.queue;
    this.queue = [];
    for (const item of pending) this.deliver(target, item);
  }

  private deliver(target: ClickToDial, item: InboxItem): void {
    if (item.kind === 'url') void target.openUrl(item.url);
    else target.openArgv(item.argv, { bringForward: item.kind === 'argv' });
  }
}
