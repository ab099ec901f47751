/**
 * Signed webhooks (Standard Webhooks). Senders: {@link Webhooks}, wired into the engine by the app.
 * Receivers: {@link verifyWebhook} (from `./verify.js`, which depends on `node:crypto` only) and the
 * event types.
 */
export { DEFAULT_DELIVERY, WebhookDelivery, type DeliveryOptions, type WebhookTarget } from './delivery.js';
export {
  WEBHOOK_EVENT_TYPES,
  type ToolCallsFinishedEvent,
  type ToolCallsStartedEvent,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookGroupData,
  type WebhookToolCall,
  type WebhookToolResult,
} from './events.js';
export { decodeSecret, SECRET_PREFIX, signWebhook, webhookHeaders } from './signature.js';
export {
  verifyWebhook,
  WebhookVerificationError,
  type VerifyWebhookOptions,
  type WebhookHeaderSource,
  type WebhookVerificationCode,
} from './verify.js';
export { checkWebhookSecrets, Webhooks } from './webhooks.js';
