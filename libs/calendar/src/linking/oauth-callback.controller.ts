import { Controller, Get, Query, Redirect } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, Public, type RequestActor } from '@sophie/auth';
import { CalendarLinkService } from './calendar-link.service';

/** Google's redirect after consent (the seed's /oauth/callback). Public: the signed, single-use state is the credential. */
@ApiTags('calendar')
@Public()
@Controller('oauth')
export class OAuthCallbackController {
  constructor(private readonly links: CalendarLinkService) {}

  @Get('callback')
  @Redirect()
  @ApiOperation({ summary: "Google's OAuth redirect: finishes a calendar link and sends the browser to the dashboard's practitioner page" })
  @ApiQuery({ name: 'state', required: true, type: String })
  @ApiQuery({ name: 'code', required: false, type: String })
  @ApiQuery({ name: 'error', required: false, type: String })
  @ApiFoundResponse({ description: 'To {ADMIN_URL}/clinics/{clinicId}/practitioners/{practitionerId}?calendar=connected|denied|missing_scopes|failed' })
  async callback(@Query('state') state: unknown, @Query('code') code: unknown, @Query('error') error: unknown, @Actor() actor: RequestActor): Promise<{ url: string; statusCode: number }> {
    const url = await this.links.callback({ state: single(state), code: single(code), error: single(error) }, actor);
    return { url, statusCode: 302 };
  }
}

/** A query parameter given once, as a string; repeated or absent: undefined. */
function single(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
