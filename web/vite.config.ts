import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The desk is served by the API server from `web/dist` in production (same origin, so the session
 * cookie and CSRF header need no CORS); `npm run dev -w web` proxies /api to a running server.
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd and echarts are large by nature; pages are split per route instead.
    chunkSizeWarningLimit: 1500,
    // bench/portal-js.ts reads which chunks a phone user's first page load fetches.
    manifest: true,
  },
  server: {
    proxy: { '/api': { target: process.env.GJ_API ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
