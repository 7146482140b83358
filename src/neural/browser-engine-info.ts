/** The engine a page runs models on, as the browser entry reports it (no tfjs types, so declarations stay light). */
/** What initBrowserBackend (browser-backend.ts) chose, and why. */
export interface BrowserBackendInfo {
  /** Always `tfjs` here (the engine), so a result can say `tfjs/wasm`. */
  readonly engine: 'tfjs';
  /** The tfjs backend now active: `webgpu`, `wasm` or `cpu`. */
  readonly backend: string;
  /** wasm: threads in use (1 without cross-origin isolation). */
  readonly threads?: number;
  /** wasm: the threaded binary is loaded (the page is cross-origin isolated, so SharedArrayBuffer exists). */
  readonly threadedBinary?: boolean;
  /** webgpu: the adapter (vendor / architecture / description). */
  readonly adapter?: string;
  /** Why this backend: forced, or why the faster ones were skipped. */
  readonly reason: string;
}

