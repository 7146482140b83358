/** The SDK version plugins declare compatibility with (kept equal to package.json's version; a test checks). */
export const SDK_VERSION = '0.1.0';
