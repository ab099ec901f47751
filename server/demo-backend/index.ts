export { startDemoBackend, type DemoBackend, type DemoBackendHits, type DemoBackendOptions } from './backend.js';
export { DEMO_BACKEND_ORIGIN, DEMO_BACKEND_PORT, DEMO_SECRET_ENV, withBackendOrigin } from './config.js';
export { ORDERS, orderById, quoteFor, type OrderItem, type OrderStatus, type ShippingQuote } from './orders.js';
