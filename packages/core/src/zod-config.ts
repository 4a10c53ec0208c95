import { z } from 'zod';

/**
 * Zod compiles fast object parsers with `new Function`, and probes for it
 * when a schema is built. Under the web app's Content-Security-Policy (no
 * 'unsafe-eval') even the caught probe is reported as a violation, so the
 * schemas run interpreted, on the device and the server alike. index.ts
 * imports this first, before any schema exists.
 */
z.config({ jitless: true });
