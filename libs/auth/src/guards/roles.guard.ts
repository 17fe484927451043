import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRole } from '@sophie/registry';
import { AuthErrorCode, authError } from '../auth-error-code';
import type { AuthUser } from '../auth-user';
import { ROLES } from '../decorators/roles.decorator';

/** Global: routes marked @Roles(...) refuse every other role with 403. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user || !roles.includes(user.role)) throw authError(AuthErrorCode.Forbidden, 'Your role may not do this');
    return true;
  }
}
