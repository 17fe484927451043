import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Observable } from 'rxjs';
import { AuthErrorCode, authError } from '../auth-error-code';
import { IS_PUBLIC } from '../decorators/public.decorator';

/** Global: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> | Observable<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context);
  }

  /**
   * A bad, expired or missing token arrives as `user: false`; an `error` is a failure while checking
   * a good one (the registry down, say) and keeps its own answer (503), never a misleading 401.
   */
  override handleRequest<T>(error: Error | null, user: T | false): T {
    if (error) throw error;
    if (!user) throw authError(AuthErrorCode.Unauthenticated, 'A valid bearer token is required');
    return user;
  }
}
