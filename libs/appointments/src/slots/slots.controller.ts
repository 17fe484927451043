import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SlotsQueryDto, SlotsResponseDto } from '../dto/slots-query.dto';
import { inZone } from './slot-finder';
import { slotWindow } from './slot-window';
import { SlotsService } from './slots.service';
import { TenantConnectionProvider } from '@sophie/tenancy';

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/slots')
export class SlotsController {
  constructor(
    private readonly slots: SlotsService,
    private readonly tenant: TenantConnectionProvider,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Bookable start times for a treatment, with one practitioner or any who offers it' })
  @ApiOkResponse({ type: SlotsResponseDto })
  async list(@Query() query: SlotsQueryDto): Promise<SlotsResponseDto> {
    const zone = await this.tenant.timeZone();
    const window = slotWindow(query.from, query.to, zone, new Date());
    const result = await this.slots.search({ treatmentId: query.treatmentId, practitionerId: query.practitionerId, from: window.start, to: window.end });
    return {
      time_zone: result.timeZone,
      treatment_id: result.treatment.id,
      from: inZone(window.start, zone),
      to: inZone(window.end, zone),
      slots: result.slots.map((slot) => ({ start: inZone(slot.start, zone), end: inZone(slot.end, zone), practitioner_ids: slot.practitionerIds })),
      unavailable_practitioner_ids: [...result.unavailablePractitionerIds],
    };
  }
}
