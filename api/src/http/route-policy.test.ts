import { describe, expect, it } from 'vitest';
import { createHarness } from '../testing/harness.ts';
import { listEndpoints } from './route-table.ts';

describe('route table', () => {
  it('every route declares its access policy', async () => {
    const h = await createHarness({ seed: false });
    try {
      const endpoints = listEndpoints(h.app as never);
      expect(endpoints.length).toBeGreaterThan(15);
      const undeclared = endpoints.filter((e) => !e.policy).map((e) => `${e.method} ${e.path}`);
      expect(undeclared).toEqual([]);
    } finally {
      await h.cleanup();
    }
  });

  it('the OpenAPI document describes every route, with who may call it', async () => {
    const h = await createHarness({ seed: false });
    try {
      const doc = await (await h.request('/api/openapi.json')).json();
      expect(doc.openapi).toBe('3.1.0');
      for (const e of listEndpoints(h.app as never)) {
        const op = doc.paths[e.path.replace(/:(\w+)/g, '{$1}')]?.[e.method.toLowerCase()];
        expect(op, `${e.method} ${e.path}`).toBeDefined();
        expect(op.description).toMatch(/^Who may call: /);
      }
      expect(doc.paths['/api/auth/sign-in'].post.requestBody.content['application/json'].schema.required).toEqual([
        'login',
        'password',
      ]);
      const docs = await h.request('/api/docs');
      expect(docs.headers.get('content-type')).toMatch(/text\/html/);
      expect(await docs.text()).toContain('/api/households/{id}/reveal');
    } finally {
      await h.cleanup();
    }
  });
});
