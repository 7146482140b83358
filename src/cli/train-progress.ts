/**
 * How `trm-sdk train` shows progress: the ETA stays blank until it can be estimated (two reports
 * into this process's run: the first step also pays for compiling kernels and warming up), then
 * reads like "4m 05s".
 */
import type { TrainProgress } from '../sdk/train.js';

/** "45s", "4m 05s", "2h 03m"; '' for an estimate that does not exist yet. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Tracks the reports of one run; `eta(p)` is null on the first report, the trainer's estimate after. */
export class EtaGate {
  private reports = 0;
  eta(p: TrainProgress): number | null {
    this.reports++;
    return this.reports >= 2 || p.step >= p.totalSteps ? p.etaS : null;
  }
}
