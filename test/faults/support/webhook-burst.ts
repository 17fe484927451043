import { signatureOf } from '@sophie/whatsapp';
import { contact, notification, textMessage, wamid } from '../../support/whatsapp';
import type { ApiClient } from './api-process';

/** One signed POST as Meta sends it: one patient's messages (one or several), with their wamids. */
export interface Delivery {
  readonly waId: string;
  readonly raw: string;
  readonly wamids: readonly string[];
}

/** Where deliveries go: the clinic's webhook, signed with its app secret. */
export interface WebhookTarget {
  clinicId: string;
  phoneNumberId: string;
  appSecret: string;
}

/** A patient's deliveries: each inner list is one POST carrying those texts, in order. */
export function patientDeliveries(target: WebhookTarget, waId: string, script: readonly (readonly string[])[]): Delivery[] {
  return script.map((texts) => {
    const messages = texts.map((text) => textMessage(waId, text, wamid()));
    const body = notification(target.phoneNumberId, { contacts: [contact(waId, 'Patient Faults')], messages });
    return { waId, raw: JSON.stringify(body), wamids: messages.map((m) => String(m.id)) };
  });
}

/** Posts one delivery; the HTTP status, or 0 when no answer came (connection refused or reset: a dead server). */
export async function deliver(client: ApiClient, target: WebhookTarget, delivery: Delivery): Promise<number> {
  try {
    const res = await client.request('POST', `/webhook/whatsapp/${target.clinicId}`, {
      raw: delivery.raw,
      headers: { 'x-hub-signature-256': signatureOf(delivery.raw, target.appSecret) },
      timeoutMs: 15_000,
    });
    return res.status;
  } catch {
    return 0;
  }
}

/** Delivers again until the answer is 200, as Meta does with what it did not get a 200 for; fails after `timeoutMs`. */
export async function deliverUntilAcknowledged(client: ApiClient, target: WebhookTarget, delivery: Delivery, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const statuses: number[] = [];
  for (;;) {
    const status = await deliver(client, target, delivery);
    if (status === 200) return;
    statuses.push(status);
    if (Date.now() > deadline) throw new Error(`A delivery was never acknowledged; answers: ${statuses.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface BurstOutcome {
  /** Deliveries answered 200. */
  acknowledged: Delivery[];
  /** Per patient, the deliveries not acknowledged, in order (the first one failed; the rest were never sent). */
  unacknowledged: Delivery[][];
}

/**
 * Every patient sends their deliveries one after another (so each patient's order is fixed), all patients at once.
 * After the `ackCount`-th 200 across all patients, `onAcknowledged` runs once (the test kills the server there).
 * A patient stops at the first delivery not answered 200: Meta delivers it again later, before the rest.
 */
export async function burst(
  client: ApiClient,
  target: WebhookTarget,
  patients: readonly Delivery[][],
  ackCount: number,
  onAcknowledged: () => Promise<void>,
): Promise<BurstOutcome> {
  const acknowledged: Delivery[] = [];
  let trigger: Promise<void> | undefined;
  const unacknowledged = await Promise.all(
    patients.map(async (deliveries) => {
      for (let i = 0; i < deliveries.length; i += 1) {
        const status = await deliver(client, target, deliveries[i]);
        if (status !== 200) return deliveries.slice(i);
        acknowledged.push(deliveries[i]);
        if (acknowledged.length === ackCount) trigger = onAcknowledged();
      }
      return [];
    }),
  );
  await trigger;
  return { acknowledged, unacknowledged };
}
