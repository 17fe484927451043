import type { Request } from 'express';
import type { JobQueue, QueueCounts } from '@sophie/queue';
import type { TenantPoolCache } from '@sophie/tenancy';
import { metaCodeLabel, MetricsService, routeTemplate, UNMATCHED_ROUTE } from './metrics.service';

const request = (route?: { path: unknown }): Request => ({ route }) as unknown as Request;

describe('MetricsService', () => {
  it('labels requests by the matched route template only', () => {
    expect(routeTemplate(request({ path: '/api/clinics/:clinicId' }))).toBe('/api/clinics/:clinicId');
    expect(routeTemplate(request())).toBe(UNMATCHED_ROUTE);
    expect(routeTemplate(request({ path: '/{*path}' }))).toBe(UNMATCHED_ROUTE);
    expect(routeTemplate(request({ path: /regex/ }))).toBe(UNMATCHED_ROUTE);
  });

  it("labels Meta's numeric codes, anything else as none", () => {
    expect(metaCodeLabel(131047)).toBe('131047');
    expect(metaCodeLabel(undefined)).toBe('none');
    expect(metaCodeLabel(1.5)).toBe('none');
    expect(metaCodeLabel(-1)).toBe('none');
  });

  it('reads pools at scrape time and gives up on a queue that does not answer in time', async () => {
    const pools = { stats: () => ({ livePools: 3, maxPools: 30, leases: 1, opens: 4, connections: 5, waiting: 0 }) } as unknown as TenantPoolCache;
    const queue = { queueNames: () => ['q'], counts: () => new Promise<QueueCounts>(() => undefined) } as unknown as JobQueue;
    const metrics = new MetricsService(pools, queue);
    const started = Date.now();
    const text = await metrics.render();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(text).toMatch(/^sophie_clinic_pools_live 3$/m);
    expect(text).toMatch(/^sophie_clinic_connections 5$/m);
    expect(text).toMatch(/^sophie_queue_metrics_up 0$/m);
    expect(text).not.toMatch(/^sophie_queue_depth\{/m);
  });

  it('counts queue depth and failures per queue', async () => {
    const counts: QueueCounts = { queued: 7, active: 1, completed: 2, failed: 3 };
    const queue = { queueNames: () => ['whatsapp.outbound'], counts: () => Promise.resolve(counts) } as unknown as JobQueue;
    const text = await new MetricsService(undefined, queue).render();
    expect(text).toMatch(/^sophie_queue_depth\{queue="whatsapp.outbound"\} 7$/m);
    expect(text).toMatch(/^sophie_queue_failed\{queue="whatsapp.outbound"\} 3$/m);
    expect(text).toMatch(/^sophie_queue_metrics_up 1$/m);
  });
});
