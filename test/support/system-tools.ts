/**
 * The only reasons a test may skip in a clone: a system tool that npm cannot install is absent.
 * Each skip names the tool and the command that installs it (Debian/Ubuntu), so `skip summary`
 * tells a contributor what to install to run the same tests as CI.
 */
const INSTALL = {
  Chromium: 'apt-get install -y chromium (or set CHROMIUM_PATH to a Chrome/Chromium binary)',
  nginx: 'apt-get install -y nginx',
  'Mesa lavapipe (a WebGPU adapter through Vulkan)': 'apt-get install -y mesa-vulkan-drivers libvulkan1 (on Debian bookworm from bookworm-backports: Dawn needs Mesa 25; see docs/backends.md and .ci/run)',
} as const;

export type SystemTool = keyof typeof INSTALL;

/** Appended to a skipped test's name: ` — SKIPPED: <tool> absent (<detail>); install: <command>`. */
export function missingTool(tool: SystemTool, detail: string): string {
  return ` — SKIPPED: ${tool} absent (${detail}); install: ${INSTALL[tool]}`;
}
