export { createMetrics } from './registry.js';
export type { Metrics } from './registry.js';
export { metricsObserver } from './observer.js';
export { httpMetrics } from './http.js';
export { metricsRoute, serveMetrics } from './endpoint.js';
