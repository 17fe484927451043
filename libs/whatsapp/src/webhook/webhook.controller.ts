import { Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@sophie/auth';
import { MetricsService } from '@sophie/metrics';
import { WebhookIntakeService } from './webhook-intake.service';

/** Meta's webhook for one clinic (the seed's URL). Public: the signature, not a JWT, proves the sender. */
@Public()
@ApiTags('webhooks')
@Controller('webhook/whatsapp/:clinicId')
export class WhatsAppWebhookController {
  constructor(
    private readonly intake: WebhookIntakeService,
    private readonly metrics: MetricsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Meta\'s verification: hub.mode=subscribe and the clinic\'s verify token answer hub.challenge as text' })
  @ApiOkResponse({ description: 'hub.challenge, as text/plain' })
  @ApiForbiddenResponse({ description: 'Anything else' })
  async verify(@Param('clinicId', new ParseUUIDPipe()) _clinicId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const challenge = await this.intake.verify(query['hub.mode'], query['hub.verify_token'], query['hub.challenge']);
    res.status(HttpStatus.OK).type('text/plain').send(challenge);
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Meta\'s notifications (messages and statuses), signed with X-Hub-Signature-256' })
  @ApiOkResponse({ description: 'Stored; processed afterwards from the durable queue' })
  @ApiForbiddenResponse({ description: 'Missing or wrong signature, or no configuration: nothing stored' })
  async receive(
    @Param('clinicId', new ParseUUIDPipe()) _clinicId: string,
    @Headers('x-hub-signature-256') signature: string | undefined,
    @Req() req: Request & { rawBody?: Buffer },
  ): Promise<{ received: true }> {
    await this.metrics.timeWebhook(() => this.intake.receive(signature, req.rawBody, req.body));
    return { received: true };
  }
}
