/**
 * The `npx trm-sdk …` lines of the README's shell blocks, each either to run or exempt with the
 * reason: a placeholder (`<…>`, `…`), or a download the test cannot make (a line whose comment
 * says "needs a download", or a block after `<!-- readme-test: needs a download -->`).
 * `npm ci && npx trm-sdk demo` counts as the `npx trm-sdk demo` it ends with.
 */
export interface ReadmeLine {
  /** 1-based line number in README.md. */
  line: number;
  /** The command from `npx trm-sdk` on (the README's own comment included: the shell drops it). */
  command: string;
  /** Why it is not run, or null when it is. */
  exempt: string | null;
}

/** A line starting so marks the next shell block (what it needs may follow: `<!-- readme-test: needs a download (…) -->`). */
const DOWNLOAD_BLOCK = '<!-- readme-test: needs a download';

export function readmeCliLines(readme: string): ReadmeLine[] {
  const out: ReadmeLine[] = [];
  const lines = readme.split('\n');
  let inBlock = false;
  let shell = false;
  let downloadBlock = false;
  let pendingDownload = false;
  lines.forEach((text, i) => {
    if (text.trim().startsWith(DOWNLOAD_BLOCK)) pendingDownload = true;
    if (text.startsWith('```')) {
      if (!inBlock) {
        shell = /^```(sh|bash|shell)?\s*$/.test(text);
        downloadBlock = pendingDownload;
        pendingDownload = false;
      }
      inBlock = !inBlock;
      return;
    }
    if (!inBlock || !shell) return;
    const m = /^(?:npm ci && )?(npx trm-sdk\b.*)$/.exec(text);
    if (!m) return;
    const command = m[1]!;
    const code = command.replace(/\s+#\s.*$/, '');
    const exempt = downloadBlock || /#\s*needs a download/.test(command)
      ? 'needs a download'
      : /<[^>]+>|…/.test(code)
        ? 'placeholder'
        : null;
    out.push({ line: i + 1, command, exempt });
  });
  return out;
}
