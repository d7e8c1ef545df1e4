import { z } from 'zod';

// The desk runs under a CSP without 'unsafe-eval'. zod compiles object parsers with `new Function`
// when it may, probing for that as each object schema is built; in a browser the probe's refusal is
// reported as a CSP violation even though zod catches it. So in a browser, and only there (the
// server keeps the faster compiled parsers), zod is told not to try. This module is imported first
// by the package's index, before any schema is built: the desk bundles zod and these schemas into
// one shared chunk, so a setting made in the desk's own entry would come too late.
if ('document' in globalThis) z.config({ jitless: true });
