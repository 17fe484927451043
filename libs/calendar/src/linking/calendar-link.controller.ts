import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { CalendarConnectDto, CalendarLinkDto, CalendarUnlinkDto } from '../dto/calendar-link.dto';
import { CalendarLinkService } from './calendar-link.service';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/practitioners/:practitionerId/calendar')
export class CalendarLinkController {
  constructor(private readonly links: CalendarLinkService) {}

  @Get()
  @ApiOperation({ summary: "The practitioner's Google Calendar link: connected as whom, needs reconnecting, or not connected" })
  @ApiOkResponse({ type: CalendarLinkDto })
  status(@Param('practitionerId', new ParseUUIDPipe()) practitionerId: string): Promise<CalendarLinkDto> {
    return this.links.status(practitionerId);
  }

  @Post('connect')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Start linking the practitioner's Google Calendar",
    description: "Answers Google's consent page (offline access, PKCE, a single-use state valid 10 minutes). Google then returns to /oauth/callback, which sends the browser back to the dashboard's practitioner page with ?calendar=connected|denied|missing_scopes|failed.",
  })
  @ApiOkResponse({ type: CalendarConnectDto })
  connect(@Param('practitionerId', new ParseUUIDPipe()) practitionerId: string, @Actor() actor: RequestActor): Promise<CalendarConnectDto> {
    return this.links.connect(practitionerId, actor);
  }

  @Delete()
  @ApiOperation({ summary: 'Unlink: revoke the grant at Google and remove the tokens' })
  @ApiOkResponse({ type: CalendarUnlinkDto })
  disconnect(@Param('practitionerId', new ParseUUIDPipe()) practitionerId: string, @Actor() actor: RequestActor): Promise<CalendarUnlinkDto> {
    return this.links.disconnect(practitionerId, actor);
  }
}
