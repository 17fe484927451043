import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '@sophie/registry';

export const ROLES = 'sophie:roles';

/** Only these roles may call the route. */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);
