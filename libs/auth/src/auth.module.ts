import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AppConfig } from '@sophie/common';
import { AuthController } from './auth.controller';
import { AuthService, expiresInSeconds } from './auth.service';
import { ClinicAccessGuard } from './guards/clinic-access.guard';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { RolesGuard } from './guards/roles.guard';
import { JWT_ALGORITHM, jwtKey, JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';

/** Login, JWTs, and the three global guards, in order: token, role, clinic access. */
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config.jwtSecret),
        signOptions: { algorithm: JWT_ALGORITHM, expiresIn: expiresInSeconds(config.jwtExpiresIn) },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    JwtStrategy,
    LoginThrottle,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: ClinicAccessGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
