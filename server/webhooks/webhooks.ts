/**
 * The engine's webhook listener: turns each pause and resume into a `tool.calls_*` event and
 * queues it, signed, for every endpoint of the run's surface that subscribes to it. The event body
 * is built the moment the engine reports (a snapshot); looking up the surface's endpoints and
 * sending happen afterwards, so a run never waits for a webhook and never sees its errors.
 */
import type { SurfaceConfig } from '../config/schema.js';
import type { FinishedCalls, RunObserver, StartedCalls } from '../engine/observer.js';
import type { SurfaceSet } from '../surfaces.js';
import { DEFAULT_DELIVERY, WebhookDelivery, type DeliveryOptions, type WebhookTarget } from './delivery.js';
import type { WebhookOutbox } from '../store/index.js';
import { callsFinishedEvent, callsStartedEvent, WEBHOOK_EVENT_TYPES, type WebhookEvent } from './events.js';
import { decodeSecret, secretProblem } from './signature.js';

type WebhookConfig = NonNullable<SurfaceConfig['webhooks']>[number];

/** Sends the `tool.calls_*` webhooks of every surface. */
export class Webhooks implements RunObserver {
  readonly #delivery: WebhookDelivery;
  readonly #warned = new Set<string>();
  readonly #keys = new Map<string, Uint8Array>();

  readonly #log: (message: string) => void;

  constructor(
    private readonly surfaces: { current(): Promise<SurfaceSet> },
    private readonly env: NodeJS.ProcessEnv = process.env,
    options: Partial<DeliveryOptions> = {},
    /** Masks every configured secret value in what is sent and logged. */
    private readonly mask: (text: string) => string = (text) => text,
    /** Where messages wait for their attempts: the store's outbox, so they survive restarts. */
    outbox?: WebhookOutbox,
  ) {
    // Every line, the delivery's and this class's own, goes where `options.log` says, masked.
    this.#log = (message) => (options.log ?? DEFAULT_DELIVERY.log)(mask(message));
    this.#delivery = new WebhookDelivery(
      {
        ...options,
        log: this.#log,
        keys: (name) => this.#keyOf(name),
      },
      outbox,
    );
  }

  readonly callsStarted = (group: StartedCalls): void => this.#emit(group.surfaceId, callsStartedEvent(group));

  readonly callsFinished = (group: FinishedCalls): void => this.#emit(group.surfaceId, callsFinishedEvent(group));

  /** Resolves when every queued message is delivered or given up. */
  idle(): Promise<void> {
    return this.#delivery.idle();
  }

  /** Stops sending and aborts attempts in flight; waiting messages stay in the outbox. */
  close(): void {
    this.#delivery.close();
  }

  #emit(surfaceId: string, event: WebhookEvent): void {
    void this.surfaces
      .current()
      .then((set) => {
        // Serialised once, and only when an endpoint takes it (most surfaces have none).
        let body: string | undefined;
        for (const [i, endpoint] of (set.get(surfaceId)?.surface.webhooks ?? []).entries()) {
          if (!(endpoint.events ?? WEBHOOK_EVENT_TYPES).includes(event.type)) continue;
          // A tool's arguments or result may quote a secret (e.g. an upstream echoing its request).
          body ??= this.mask(JSON.stringify(event));
          if (this.#key(surfaceId, i, endpoint))
            void this.#send({ url: endpoint.url, secretEnv: endpoint.secret.env }, body);
        }
      })
      .catch((error: unknown) => {
        // The surfaces could not be read (the store is down): this event is lost, the run is not.
        this.#log(`webhook ${event.type} of surface "${surfaceId}" not sent: ${String(error)}`);
      });
  }

  async #send(target: WebhookTarget, body: string): Promise<void> {
    try {
      await this.#delivery.send(target, body);
    } catch (error) {
      // The outbox could not be written (the store is down): this message is lost, the run is not.
      this.#log(`webhook to ${target.url} not queued: ${String(error)}`);
    }
  }

  /** The signing key in the environment variable `name`, when it is usable. */
  #keyOf(name: string): Uint8Array | undefined {
    const value = this.env[name];
    if (!value || secretProblem(value)) return undefined;
    let key = this.#keys.get(value);
    if (!key) this.#keys.set(value, (key = decodeSecret(value)));
    return key.length >= MIN_KEY_BYTES ? key : undefined;
  }

  /** The endpoint's signing key from the environment, or `undefined` (warned once) when unusable. */
  #key(surfaceId: string, index: number, endpoint: WebhookConfig): Uint8Array | undefined {
    const value = this.env[endpoint.secret.env];
    const problem = webhookSecretProblem(endpoint, value);
    if (problem) {
      const message = `webhooks of surface "${surfaceId}" (#${index}, ${endpoint.url}) are not sent: ${problem}`;
      if (!this.#warned.has(message)) this.#log(message);
      this.#warned.add(message);
      return undefined;
    }
    let key = this.#keys.get(value!);
    if (!key) this.#keys.set(value!, (key = decodeSecret(value!)));
    return key;
  }
}

/** Why the secret an endpoint names cannot sign (`value` is the environment variable's), or `undefined`. */
export function webhookSecretProblem(
  endpoint: Pick<WebhookConfig, 'secret'>,
  value: string | undefined,
): string | undefined {
  if (!value)
    return `the environment variable ${endpoint.secret.env} is not set; it must hold the signing secret (whsec_…)`;
  const problem = secretProblem(value);
  if (problem) return `the secret in ${endpoint.secret.env} ${problem}`;
  if (decodeSecret(value).length < MIN_KEY_BYTES)
    return `the secret in ${endpoint.secret.env} is shorter than ${MIN_KEY_BYTES} bytes`;
  return undefined;
}

/** Standard Webhooks asks for keys of 24 to 64 bytes; shorter ones are refused. */
const MIN_KEY_BYTES = 24;

/**
 * Every problem with the webhook secrets of the config file's surfaces, as `path: message` lines:
 * the server refuses to start with one, as with any config error.
 */
export function checkWebhookSecrets(
  surfaces: Readonly<Record<string, SurfaceConfig>>,
  env: NodeJS.ProcessEnv,
): string[] {
  return Object.entries(surfaces).flatMap(([id, surface]) =>
    (surface.webhooks ?? []).flatMap((endpoint, i) => {
      const problem = webhookSecretProblem(endpoint, env[endpoint.secret.env]);
      return problem ? [`surfaces.${id}.webhooks.${i}.secret: ${problem}`] : [];
    }),
  );
}
