import { html, raw } from 'hono/html';

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, unknown> };
};

/** A readable API reference rendered on the server from the OpenAPI document (no CDN, no scripts). */
export function renderApiReference(doc: {
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
}) {
  const rows = Object.entries(doc.paths)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(
        ([method, op]) =>
          html`<section>
            <h2><span class="m ${method}">${method.toUpperCase()}</span> <code>${path}</code></h2>
            <p>${op.summary ?? ''}</p>
            <p class="who">${op.description ?? ''}</p>
            ${
              op.parameters?.length
                ? html`<p>
                    Parameters:
                    ${raw(op.parameters.map((p) => `<code>${escape(p.name)}</code> (${p.in}${p.required ? ', required' : ''})`).join(', '))}
                  </p>`
                : ''
            }
            ${op.requestBody ? html`<p>Body: ${Object.keys(op.requestBody.content).join(', ')}</p>` : ''}
          </section>`,
      ),
    );
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${doc.info.title} — reference</title>
        <style>
          body {
            font:
              15px/1.5 system-ui,
              'Noto Sans CJK SC',
              sans-serif;
            max-width: 60rem;
            margin: 2rem auto;
            padding: 0 1rem;
            color: #1f2933;
          }
          section {
            border-top: 1px solid #e4e7eb;
            padding: 0.5rem 0;
          }
          h2 {
            font-size: 1rem;
            margin: 0.5rem 0;
          }
          .m {
            display: inline-block;
            min-width: 4.5rem;
            font-size: 0.8rem;
            padding: 0.1rem 0.4rem;
            border-radius: 4px;
            color: #fff;
            background: #52606d;
          }
          .get {
            background: #2f6f4f;
          }
          .post {
            background: #1f5fa8;
          }
          .who {
            color: #52606d;
            font-size: 0.9rem;
          }
        </style>
      </head>
      <body>
        <h1>${doc.info.title}</h1>
        <p>${doc.info.description}</p>
        <p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
        <p>Errors: <code>{ "error": { "code", "message", "fields"? } }</code>.</p>
        ${rows}
      </body>
    </html>`;
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
