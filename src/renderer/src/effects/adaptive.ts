// Adaptive cost control. Each output frame reports how long our work took (compositing plus, on
// some frames, the model). When the average goes over budget we first make the model cheaper
// (run it on fewer frames, then on a smaller input) and only then lower the output frame rate;
// when there is headroom again we climb back. `degraded` tells the UI to show a notice.
import { RollingWindow } from './frame-stats.js';

export interface QualityLevel {
  /** Run the model on one frame in `modelEvery` (the last mask/face is reused in between). */
  modelEvery: number;
  /** Scale of the frame handed to the model (1 = full frame). */
  modelScale: number;
  /** Output frames per second. */
  fps: number;
}

/** Cheapest last. Model cost goes down first; output fps only in the last steps. */
export const QUALITY_LADDER: readonly QualityLevel[] = [
  { modelEvery: 1, modelScale: 1, fps: 30 },
  { modelEvery: 2, modelScale: 1, fps: 30 },
  { modelEvery: 2, modelScale: 0.5, fps: 30 },
  { modelEvery: 3, modelScale: 0.5, fps: 30 },
  { modelEvery: 4, modelScale: 0.5, fps: 30 },
  { modelEvery: 6, modelScale: 0.4, fps: 30 },
  { modelEvery: 4, modelScale: 0.4, fps: 20 },
  { modelEvery: 3, modelScale: 0.4, fps: 15 },
];

export interface AdaptiveOptions {
  /** Allowed average work per output frame, ms. */
  budgetMs: number;
  /** Frames averaged before a decision. */
  window: number;
  /** Climb back only when the average is below this fraction of the budget. */
  headroom: number;
  /** The effect counts as degraded when the model runs below this rate (Hz) or fps drops. */
  minModelHz: number;
  /** Level to start at. */
  startLevel: number;
}

// 10 ms per frame at 30 fps is a third of one core: the effect shares the machine with the call's video
// encoder, the UI and everything else the agent runs.
export const DEFAULT_ADAPTIVE: AdaptiveOptions = { budgetMs: 10, window: 24, headroom: 0.5, minModelHz: 5, startLevel: 2 };

export interface AdaptiveDecision {
  level: number;
  quality: QualityLevel;
  degraded: boolean;
  changed: boolean;
}

export function isDegraded(q: QualityLevel, topFps: number, minModelHz: number): boolean {
  return q.fps < topFps || q.fps / q.modelEvery < minModelHz;
}

export class AdaptiveController {
  private level: number;
  private readonly costs: RollingWindow;
  private readonly o: AdaptiveOptions;

  constructor(options: Partial<AdaptiveOptions> = {}, private readonly ladder: readonly QualityLevel[] = QUALITY_LADDER) {
    this.o = { ...DEFAULT_ADAPTIVE, ...options };
    if (ladder.length === 0) throw new Error('The quality ladder is empty.');
    if (!(this.o.budgetMs > 0)) throw new Error('budgetMs must be positive.');
    this.level = Math.min(Math.max(0, Math.floor(this.o.startLevel)), ladder.length - 1);
    this.costs = new RollingWindow(this.o.window);
  }

  /** Records one frame's work and returns the (possibly changed) quality level. */
  record(frameMs: number): AdaptiveDecision {
    if (Number.isFinite(frameMs) && frameMs >= 0) this.costs.push(frameMs);
    let changed = false;
    if (this.costs.count >= this.o.window) {
      const avg = this.costs.mean();
      if (avg > this.o.budgetMs && this.level < this.ladder.length - 1) {
        this.level++;
        changed = true;
      } else if (avg < this.o.budgetMs * this.o.headroom && this.level > 0) {
        this.level--;
        changed = true;
      }
      // A new level needs a fresh measurement window before the next decision.
      if (changed) this.costs.clear();
    }
    return this.decision(changed);
  }

  decision(changed = false): AdaptiveDecision {
    const quality = this.ladder[this.level] ?? this.ladder[0]!;
    const topFps = this.ladder[0]?.fps ?? quality.fps;
    return { level: this.level, quality, degraded: isDegraded(quality, topFps, this.o.minModelHz), changed };
  }
}
