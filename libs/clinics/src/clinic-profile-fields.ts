import { withoutUndefined } from '@sophie/common';
import type { ClinicProfileFields } from '@sophie/registry';
import type { CreateClinicDto } from './dto/create-clinic.dto';

/** The registry fields a clinic profile body sets (snake_case in the API, the seed's names). */
export function profileOf(dto: Partial<CreateClinicDto>): Partial<ClinicProfileFields> {
  return withoutUndefined({
    name: dto.name,
    timezone: dto.timezone,
    defaultLanguage: dto.default_language,
    phone: dto.phone,
    address: dto.address,
    email: dto.email,
    website: dto.website,
    openingHours: dto.opening_hours,
    emergencyMessage: dto.emergency_message,
    onboardingFormUrl: dto.onboarding_form_url,
  });
}
