import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'sophie:public';

/** The route needs no JWT (login, health, webhooks, OAuth callback). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
