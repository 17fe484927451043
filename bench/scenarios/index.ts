import type { Scenario } from '../scenario';
import { coldClinics } from './cold-clinics';
import { contention } from './contention';
import { manyClinics } from './many-clinics';
import { migrateAll } from './migrate-all';
import { provisioning } from './provisioning';
import { routing } from './routing';
import { slots } from './slots';
import { webhookIntake } from './webhook-intake';

/** Every scenario, in the order they run (and the issue lists them). */
export const SCENARIOS: Scenario[] = [routing, coldClinics, manyClinics, provisioning, migrateAll, webhookIntake, slots, contention];
