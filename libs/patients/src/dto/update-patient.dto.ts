import { PartialType } from '@nestjs/swagger';
import { CreatePatientDto } from './create-patient.dto';

/** A change to a patient; every field optional. */
export class UpdatePatientDto extends PartialType(CreatePatientDto) {}
