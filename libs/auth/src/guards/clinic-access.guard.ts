import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UserRole } from '@sophie/registry';
import { AuthErrorCode, authError } from '../auth-error-code';
import type { AuthUser } from '../auth-user';
import { IS_PUBLIC } from '../decorators/public.decorator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Global: on every authenticated route with a `:clinicId` path parameter, the caller must belong to
 * that clinic unless SUPERADMIN (the seed's verifyClinicAccess). Runs before any clinic database is touched.
 */
@Injectable()
export class ClinicAccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<{ params?: Record<string, string>; user?: AuthUser }>();
    const clinicId = request.params?.clinicId;
    if (clinicId === undefined) return true;
    if (!UUID.test(clinicId)) throw authError(AuthErrorCode.InvalidClinicId, 'The clinic id must be a UUID');
    const user = request.user;
    if (!user) throw authError(AuthErrorCode.Unauthenticated, 'A valid bearer token is required');
    if (user.role === UserRole.SuperAdmin) return true;
    if (user.clinicId?.toLowerCase() !== clinicId.toLowerCase()) {
      throw authError(AuthErrorCode.ClinicAccessDenied, 'You do not belong to this clinic');
    }
    return true;
  }
}
