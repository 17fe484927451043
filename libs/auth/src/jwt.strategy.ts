import { createSecretKey, KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '@sophie/common';
import { UsersService } from '@sophie/registry';
import { AuthErrorCode, authError } from './auth-error-code';
import type { AuthUser, JwtClaims } from './auth-user';

export const JWT_ALGORITHM = 'HS256';

/**
 * The HMAC key as a KeyObject. Given a string, jsonwebtoken first tries to parse it as a public key
 * on every verification, which cost more than a millisecond of CPU per request.
 */
export function jwtKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/**
 * Bearer tokens from the Authorization header only (never a query string), HS256 only, expiry
 * enforced. The user is read again on every request: a disabled or deleted user's token stops working.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly users: UsersService,
  ) {
    const key = jwtKey(config.jwtSecret);
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt's types say string | Buffer; jsonwebtoken takes the KeyObject as it is.
      secretOrKeyProvider: (_request: unknown, _token: unknown, done: (error: null, key: Buffer) => void) => done(null, key as unknown as Buffer),
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  async validate(claims: Partial<JwtClaims> & { exp?: unknown }): Promise<AuthUser> {
    // Every token we issue expires: one without `exp` was not made by the login, whatever its signature.
    if (typeof claims.userId !== 'string' || claims.sub !== claims.userId || typeof claims.exp !== 'number') {
      throw authError(AuthErrorCode.Unauthenticated, 'Invalid token');
    }
    const standing = await this.users.standing(claims.userId);
    if (!standing || standing.disabled || standing.role !== claims.role || standing.clinicId !== (claims.clinicId ?? null)) {
      throw authError(AuthErrorCode.Unauthenticated, 'This session is no longer valid; log in again');
    }
    return { userId: standing.id, role: standing.role, clinicId: standing.clinicId };
  }
}
