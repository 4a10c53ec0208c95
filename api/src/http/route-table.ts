import type { Hono } from 'hono';
import { INPUT, type InputMeta } from './validate.ts';
import { POLICY, type PolicyMeta } from './policy.ts';

/** One endpoint as declared: method, path, its policy and its validated inputs. */
export type Endpoint = { method: string; path: string; policy: PolicyMeta | undefined; inputs: InputMeta[] };

/**
 * Reads the app's route table. Hono lists every handler and middleware as an
 * entry; an endpoint is a method+path with a concrete method, and its policy
 * and validators are the marked handlers registered for it.
 */
export function listEndpoints(app: Hono<never>): Endpoint[] {
  const byKey = new Map<string, Endpoint>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    const endpoint = byKey.get(key) ?? { method: route.method, path: route.path, policy: undefined, inputs: [] };
    const handler = route.handler as unknown as Record<symbol, unknown>;
    if (handler[POLICY]) endpoint.policy = handler[POLICY] as PolicyMeta;
    if (handler[INPUT]) endpoint.inputs.push(handler[INPUT] as InputMeta);
    byKey.set(key, endpoint);
  }
  return [...byKey.values()];
}
