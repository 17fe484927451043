import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { sqlState } from '@sophie/common';
import { WhatsAppNumberEntity } from '../entities';
import { RegistryErrorCode, registryError } from '../registry-error-code';

const UNIQUE_VIOLATION = '23505';

/** One WhatsApp phone number id per clinic, across every clinic: enforced in the registry, not per database. */
@Injectable()
export class WhatsAppNumbersService {
  constructor(@InjectRepository(WhatsAppNumberEntity) private readonly numbers: Repository<WhatsAppNumberEntity>) {}

  /** Gives `phoneNumberId` to `clinicId` (replacing the clinic's previous number); 409 when another clinic holds it. */
  async claim(phoneNumberId: string, clinicId: string): Promise<void> {
    try {
      await this.numbers.query(
        `INSERT INTO whatsapp_numbers (phone_number_id, clinic_id) VALUES ($1, $2)
         ON CONFLICT (clinic_id) DO UPDATE SET phone_number_id = EXCLUDED.phone_number_id, claimed_at = now()`,
        [phoneNumberId, clinicId],
      );
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) {
        throw registryError(RegistryErrorCode.WhatsAppNumberTaken, 'This WhatsApp phone number id belongs to another clinic');
      }
      throw error;
    }
  }

  /** Frees a clinic's number (its decommissioning), so another clinic may claim it. */
  async release(clinicId: string): Promise<void> {
    await this.numbers.delete({ clinicId });
  }

  async holderOf(phoneNumberId: string): Promise<string | null> {
    return (await this.numbers.findOneBy({ phoneNumberId }))?.clinicId ?? null;
  }
}
