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
  build: {
    outDir: fileURLToPath(new URL('../../dist/admin', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      output: {
        // Libraries in their own files: they change less often than the app, so browsers keep them cached.
        manualChunks: {
          react: ['react', 'react-dom', 'react-router'],
          data: ['@tanstack/react-query', 'i18next', 'react-i18next', 'luxon'],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': process.env.SOPHIE_API_URL ?? 'http://127.0.0.1:3000',
      '/uploads': process.env.SOPHIE_API_URL ?? 'http://127.0.0.1:3000',
    },
  },
});
