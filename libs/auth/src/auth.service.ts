import { Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as bcrypt from 'bcrypt';
import { AppConfig } from '@sophie/common';
import { AuditService, UsersService } from '@sophie/registry';
import { AuthErrorCode, authError } from './auth-error-code';
import type { JwtClaims } from './auth-user';
import type { RequestActor } from './decorators/current-user.decorator';
import type { LoginResponseDto } from './dto/login.dto';
import { LoginThrottle } from './login-throttle';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

export function expiresInSeconds(value: string): number {
  const match = /^(\d+)([smhd])$/.exec(value);
  if (!match) throw new Error(`Unsupported duration: ${value}`);
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

/** Checks credentials and issues JWTs. Unknown users and wrong passwords look the same, in answer and in time. */
@Injectable()
export class AuthService implements OnModuleInit {
  /** Compared against when the username is unknown, so both cases cost one bcrypt comparison. */
  private dummyHash = '';

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await bcrypt.hash('not-a-real-password', this.config.bcryptRounds);
  }

  async login(username: string, password: string, actor: RequestActor): Promise<LoginResponseDto> {
    const ip = actor.ip ?? 'unknown';
    const wait = await this.throttle.attempt(ip, username);
    if (wait > 0) throw authError(AuthErrorCode.TooManyAttempts, 'Too many failed logins; try again later', { retryAfterSeconds: wait });

    const user = await this.users.findForLogin(username);
    const matches = await bcrypt.compare(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !matches || user.disabled) {
      await this.audit.record({ action: 'auth.login_failed', actorUserId: user?.id ?? null, ip: actor.ip, requestId: actor.requestId });
      throw authError(AuthErrorCode.InvalidCredentials, 'Invalid username or password');
    }
    await this.throttle.succeeded(ip, username);
    await this.users.recordLogin(user.id);
    await this.audit.record({
      action: 'auth.login',
      actorUserId: user.id,
      actorRole: user.role,
      clinicId: user.clinicId,
      ip: actor.ip,
      requestId: actor.requestId,
    });
    const claims: JwtClaims = { sub: user.id, userId: user.id, clinicId: user.clinicId, role: user.role };
    return {
      accessToken: await this.jwt.signAsync(claims),
      expiresIn: expiresInSeconds(this.config.jwtExpiresIn),
      user: { id: user.id, username: user.username, role: user.role, clinicId: user.clinicId },
    };
  }
}
