import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './openapi.js';

describe('OpenAPI document', () => {
  it('builds from the zod schemas and lists the contact-center routes', () => {
    const doc = buildOpenApi() as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/api/conversations/{id}', '/api/people', '/api/outbound/check', '/api/transfer/targets', '/api/settings/routing']) expect(doc.paths[p]).toBeDefined();
    const ring = doc.paths['/api/settings/routing']!.put!.requestBody!.content['application/json']!.schema;
    expect(ring.properties?.ringTimeoutSeconds).toMatchObject({ minimum: 3, maximum: 60 });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
