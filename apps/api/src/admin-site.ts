import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

/** What the dashboard may load: its own files and API only; it may not be framed. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Serves the built admin dashboard at /admin: hashed assets cached for a year, and index.html (never cached) for
 * every other path under /admin, so deep links work on reload. Without a build, /admin says how to make one.
 */
export function serveAdminSite(app: NestExpressApplication, distDir: string): void {
  const index = path.join(distDir, 'index.html');
  const headers = (_request: Request, response: Response, next: NextFunction): void => {
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
  app.use('/admin', headers);
  app.use('/admin/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  app.use('/admin/assets', (_request: Request, response: Response) => {
    response.status(404).type('text/plain').send('Not found');
  });
  app.use('/admin', (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (!existsSync(index)) {
      response.status(503).type('text/plain').send('The admin dashboard is not built: run `npm run build:admin` (npm start does it).');
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    response.sendFile(index);
  });
}
