import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The admin dashboard: built to dist/admin, which the API serves at /admin. `npm run dev:admin` serves it with
 * hot reload and forwards the API's paths to a running server (SOPHIE_API_URL, default http://127.0.0.1:3000).
 */
export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('../../dist/admin', import.meta.url)), emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': process.env.SOPHIE_API_URL ?? 'http://127.0.0.1:3000',
      '/uploads': process.env.SOPHIE_API_URL ?? 'http://127.0.0.1:3000',
    },
  },
});
