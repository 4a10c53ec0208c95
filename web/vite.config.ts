import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter(),
      /**
       * Every page's Content-Security-Policy: nothing from other origins.
       * SvelteKit adds a nonce for its own inline start-up script (mode
       * 'auto': nonces for rendered pages, hashes for prerendered ones), so
       * no other inline script runs. Styles may be inline: Svelte's style
       * directives, ECharts' tooltips and app.html's wrapper set them.
       * Photo previews of a visit not yet sent are blob: URLs from the
       * device's store. The API sends its own, stricter policy.
       */
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'blob:', 'data:'],
          'font-src': ['self'],
          'connect-src': ['self'],
          // the service worker (src/service-worker.ts) that opens the app with no signal; nothing else
          'worker-src': ['self'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
});
