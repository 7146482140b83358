// `require('trm-sdk')` lands here: the package is ESM-only, so say so plainly instead of
// Node's ERR_PACKAGE_PATH_NOT_EXPORTED.
const err = new Error(
  "trm-sdk is an ES module package and cannot be loaded with require(). Use `import { solve } from 'trm-sdk'` " +
    "(in CommonJS: `const { solve } = await import('trm-sdk')`).",
);
err.code = 'ERR_REQUIRE_ESM';
throw err;
