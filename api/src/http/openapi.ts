import { POSITION_LABELS } from '@frontline/core';
import { z } from 'zod';
import type { Endpoint } from './route-table.ts';

/** Builds the OpenAPI 3.1 document from the route table: paths, policies, input schemas. */
export function buildOpenApi(endpoints: Endpoint[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const path = e.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    let requestBody: unknown;
    for (const input of e.inputs) {
      const schema = z.toJSONSchema(input.schema, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      if (input.target === 'json') {
        requestBody = { required: true, content: { 'application/json': { schema } } };
      } else {
        for (const [name, prop] of Object.entries(schema.properties ?? {})) {
          parameters.push({
            name,
            in: input.target === 'param' ? 'path' : 'query',
            required: input.target === 'param' || (schema.required ?? []).includes(name),
            schema: prop,
          });
        }
      }
    }
    if (e.path.includes('/imports/')) {
      requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
          },
        },
      };
    }
    const policy = e.policy;
    const roles = !policy
      ? 'undeclared'
      : policy.roles === 'none'
        ? 'anyone'
        : policy.roles === 'any'
          ? 'any signed-in user'
          : policy.roles.map((r) => POSITION_LABELS[r].en).join(', ') + (policy.groupOnly ? ' (group level only)' : '');
    const tokenScope = policy?.who.startsWith('token:') ? policy.who.slice('token:'.length) : undefined;
    const who = tokenScope
      ? `an API token with scope ${tokenScope} (Authorization: Bearer), or a session of ${roles}`
      : roles;
    paths[path] ??= {};
    paths[path][e.method.toLowerCase()] = {
      summary: policy?.doc.summary ?? '',
      tags: policy?.doc.tags ?? [],
      description: `Who may call: ${who}.${policy?.doc.description ? ` ${policy.doc.description}` : ''}`,
      'x-policy': policy ? { who: policy.who, roles: policy.roles, groupOnly: policy.groupOnly } : null,
      ...(policy?.roles === 'none'
        ? { security: [] }
        : tokenScope
          ? { security: [{ bearer: [] }, { session: [] }] }
          : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        '200': { description: 'OK' },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Frontline (一线) API',
      version: '1.0.0',
      description:
        'All-staff customer service. Errors share one shape; texts follow Accept-Language (zh-CN default, en).',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'frontline_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                fields: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    security: [{ session: [] }],
  };
}
