import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../auth-user';

/** Who is calling, for audit entries: the user (when authenticated), their address and the request id. */
export interface RequestActor {
  userId: string | null;
  role: string | null;
  ip: string | null;
  requestId: string | null;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<Request & { user: AuthUser }>().user;
});

export function actorOf(request: Request & { user?: AuthUser; id?: string }): RequestActor {
  return {
    userId: request.user?.userId ?? null,
    role: request.user?.role ?? null,
    ip: request.ip ?? null,
    requestId: request.id ?? null,
  };
}

export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestActor => actorOf(ctx.switchToHttp().getRequest()));
